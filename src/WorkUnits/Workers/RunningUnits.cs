using System.Collections.Concurrent;

namespace WorkUnits.Workers;

/// <summary>
/// The units this worker process is running, by job, and the jobs it has heard have ended. Ending a job cancels
/// its running units and refuses any of its units that would start afterwards.
/// </summary>
internal sealed class RunningUnits
{
    // A bound on the remembered ended jobs: older ones are forgotten, and the store's job-state check still
    // refuses their units.
    private const int EndedJobsLimit = 10_000;

    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<RunningUnit, byte>> _running = new();
    private readonly ConcurrentDictionary<Guid, long> _endedJobs = new();
    private long _endedSequence;

    /// <summary>True once this worker has heard that the job was cancelled or failed.</summary>
    public bool HasEnded(Guid jobId) => _endedJobs.ContainsKey(jobId);

    /// <summary>
    /// Registers a unit that is about to run, whose source is cancelled if its job ends; null when the job has
    /// already ended, and then the unit must not start.
    /// </summary>
    public RunningUnit? Start(Guid jobId, CancellationTokenSource source)
    {
        var unit = new RunningUnit(this, jobId, source);
        _running.GetOrAdd(jobId, _ => new ConcurrentDictionary<RunningUnit, byte>()).TryAdd(unit, 0);

        // Checked after registering, while EndJob marks before cancelling, so one of the two always sees the other.
        if (HasEnded(jobId))
        {
            unit.Dispose();
            return null;
        }

        return unit;
    }

    /// <summary>Marks the job ended and cancels its running units.</summary>
    public void EndJob(Guid jobId)
    {
        _endedJobs.TryAdd(jobId, Interlocked.Increment(ref _endedSequence));
        ForgetOldEndedJobs();

        if (_running.TryGetValue(jobId, out var units))
        {
            foreach (var unit in units.Keys)
            {
                unit.CancelBecauseJobEnded();
            }
        }
    }

    private void Remove(RunningUnit unit)
    {
        if (_running.TryGetValue(unit.JobId, out var units))
        {
            units.TryRemove(unit, out _);
        }
    }

    private void ForgetOldEndedJobs()
    {
        if (_endedJobs.Count <= EndedJobsLimit)
        {
            return;
        }

        var oldest = _endedJobs.OrderBy(job => job.Value).Take(EndedJobsLimit / 10).Select(job => job.Key).ToList();
        foreach (var jobId in oldest)
        {
            _endedJobs.TryRemove(jobId, out _);
            _running.TryRemove(jobId, out _);
        }
    }

    /// <summary>One running unit; disposing it unregisters the unit.</summary>
    internal sealed class RunningUnit : IDisposable
    {
        private readonly RunningUnits _owner;
        private readonly CancellationTokenSource _source;
        private volatile bool _jobEnded;

        public RunningUnit(RunningUnits owner, Guid jobId, CancellationTokenSource source)
        {
            _owner = owner;
            JobId = jobId;
            _source = source;
        }

        public Guid JobId { get; }

        /// <summary>True when the unit was cancelled because its job was cancelled or failed.</summary>
        public bool JobEnded => _jobEnded;

        public void CancelBecauseJobEnded()
        {
            _jobEnded = true;
            try
            {
                _source.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The unit finished while its job ended; nothing is left to cancel.
            }
        }

        public void Dispose() => _owner.Remove(this);
    }
}
