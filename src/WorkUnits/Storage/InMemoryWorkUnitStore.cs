using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using WorkUnits.JobTypes;

namespace WorkUnits.Storage;

/// <summary>
/// Keeps job and unit state in this process, for the embedded default and for tests. It offers the same
/// guarantees as the durable store while the process lives, and loses everything when it stops.
/// </summary>
internal sealed class InMemoryWorkUnitStore : IWorkUnitStore
{
    private readonly ConcurrentDictionary<Guid, StoredJob> _jobs = new();
    private readonly TimeProvider _timeProvider;

    public InMemoryWorkUnitStore(TimeProvider timeProvider) => _timeProvider = timeProvider;

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<bool> CreateJobAsync(NewJob job, CancellationToken cancellationToken)
    {
        var record = new JobRecord
        {
            JobId = job.JobId,
            JobType = job.JobType,
            Parameters = job.Parameters,
            MaxInFlight = job.MaxInFlight,
            MaxFailedUnits = job.MaxFailedUnits,
            MaxAttempts = job.MaxAttempts,
            UnitTimeout = job.UnitTimeout,
            DeadlineAt = job.DeadlineAt,
            State = JobState.Submitted,
            CreatedAt = job.CreatedAt,
        };

        return Task.FromResult(_jobs.TryAdd(job.JobId, new StoredJob(record)));
    }

    public Task<JobRecord?> GetJobAsync(Guid jobId, CancellationToken cancellationToken)
    {
        if (!_jobs.TryGetValue(jobId, out var job))
        {
            return Task.FromResult<JobRecord?>(null);
        }

        lock (job)
        {
            return Task.FromResult<JobRecord?>(job.Record);
        }
    }

    public Task<IReadOnlyList<JobRecord>> ListJobsAsync(JobListQuery query, CancellationToken cancellationToken)
    {
        IReadOnlyList<JobRecord> jobs = Snapshot()
            .Where(job => query.State is null || job.State == query.State)
            .Where(job => query.JobType is null || job.JobType == query.JobType)
            .OrderByDescending(job => job.CreatedAt)
            .ThenBy(job => job.JobId)
            .Skip(query.Offset)
            .Take(query.Limit)
            .ToList();

        return Task.FromResult(jobs);
    }

    public Task<IReadOnlyList<JobRecord>> ListUnfinishedJobsAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<JobRecord> jobs = Snapshot()
            .Where(job => !job.State.IsFinal())
            .OrderBy(job => job.CreatedAt)
            .ToList();

        return Task.FromResult(jobs);
    }

    public Task SetJobStateAsync(
        Guid jobId,
        JobState state,
        string? result,
        string? reason,
        CancellationToken cancellationToken)
    {
        var job = Get(jobId);
        lock (job)
        {
            job.Record = job.Record with
            {
                State = state,
                Result = result ?? job.Record.Result,
                Reason = reason ?? job.Record.Reason,
                EndedAt = state.IsFinal() ? job.Record.EndedAt ?? _timeProvider.GetUtcNow() : null,
            };
        }

        return Task.CompletedTask;
    }

    public Task<JobProgress> AppendUnitsAsync(
        Guid jobId,
        long firstIndex,
        IReadOnlyList<string> payloads,
        string? cursor,
        bool splitCompleted,
        CancellationToken cancellationToken)
    {
        var job = Get(jobId);
        lock (job)
        {
            for (var offset = 0; offset < payloads.Count; offset++)
            {
                var unit = new StoredUnit(payloads[offset])
                {
                    LeaseExpiresAt = _timeProvider.GetUtcNow() + job.Record.UnitTimeout,
                };
                job.Units.TryAdd(firstIndex + offset, unit);
            }

            var record = job.Record;
            job.Record = record with
            {
                Dispatched = Math.Max(record.Dispatched, firstIndex + payloads.Count),
                Cursor = cursor ?? record.Cursor,
                SplitCompleted = record.SplitCompleted || splitCompleted,
            };

            return Task.FromResult(ProgressOf(job.Record, newlyEnded: 0));
        }
    }

    public Task<IReadOnlyList<PendingUnit>> ListPendingUnitsAsync(
        Guid jobId,
        long afterIndex,
        int limit,
        CancellationToken cancellationToken)
    {
        var job = Get(jobId);
        lock (job)
        {
            IReadOnlyList<PendingUnit> pending = job.Units
                .Where(unit => unit.Key > afterIndex && unit.Value.IsPending)
                .OrderBy(unit => unit.Key)
                .Take(limit)
                .Select(unit => new PendingUnit(unit.Key, unit.Value.Attempt, unit.Value.Payload)
                {
                    Checkpoint = unit.Value.Checkpoint,
                })
                .ToList();

            return Task.FromResult(pending);
        }
    }

    public Task<IReadOnlyList<JobProgress>> RecordOutcomesAsync(
        IReadOnlyList<UnitOutcome> outcomes,
        CancellationToken cancellationToken)
    {
        var progress = new List<JobProgress>();

        foreach (var group in outcomes.GroupBy(outcome => outcome.JobId))
        {
            if (!_jobs.TryGetValue(group.Key, out var job))
            {
                continue;
            }

            lock (job)
            {
                var (succeeded, failed) = (0L, 0L);
                foreach (var outcome in group)
                {
                    if (!job.Units.TryGetValue(outcome.UnitIndex, out var unit)
                        || !unit.IsPending
                        || unit.Attempt != outcome.Attempt)
                    {
                        continue;
                    }

                    if (outcome is { Succeeded: false, RetryAt: { } retryAt } && unit.Attempt < job.Record.MaxAttempts)
                    {
                        unit.DueAt = retryAt;
                        unit.LastFailure = outcome;
                        continue;
                    }

                    unit.Outcome = outcome;
                    unit.EndedAt = _timeProvider.GetUtcNow();
                    _ = outcome.Succeeded ? succeeded++ : failed++;
                }

                job.Record = job.Record with
                {
                    Succeeded = job.Record.Succeeded + succeeded,
                    Failed = job.Record.Failed + failed,
                };
                progress.Add(ProgressOf(job.Record, succeeded + failed));
            }
        }

        return Task.FromResult<IReadOnlyList<JobProgress>>(progress);
    }

    public Task<IReadOnlySet<long>> FindEndedUnitsAsync(
        Guid jobId,
        IReadOnlyCollection<long> unitIndexes,
        CancellationToken cancellationToken)
    {
        var ended = new HashSet<long>();
        if (_jobs.TryGetValue(jobId, out var job))
        {
            lock (job)
            {
                var jobEnded = job.Record.State is JobState.Cancelled or JobState.Failed;
                ended.UnionWith(unitIndexes.Where(index =>
                    job.Units.TryGetValue(index, out var unit) && (jobEnded || !unit.IsPending)));
            }
        }

        return Task.FromResult<IReadOnlySet<long>>(ended);
    }

    public Task<IReadOnlyList<DueUnit>> ClaimDueUnitsAsync(
        DateTimeOffset now,
        int limit,
        CancellationToken cancellationToken)
    {
        var due = new List<(DateTimeOffset DueAt, JobRecord Job, long UnitIndex, StoredUnit Unit)>();
        foreach (var job in _jobs.Values)
        {
            lock (job)
            {
                if (!job.Record.State.IsActive())
                {
                    continue;
                }

                due.AddRange(job.Units
                    .Where(unit => unit.Value.DueAt <= now)
                    .Select(unit => (unit.Value.DueAt!.Value, job.Record, unit.Key, unit.Value)));
            }
        }

        var claimed = new List<DueUnit>();
        foreach (var (_, record, unitIndex, unit) in due.OrderBy(entry => entry.DueAt).Take(limit))
        {
            var job = Get(record.JobId);
            lock (job)
            {
                if (unit.DueAt is null)
                {
                    continue;
                }

                unit.DueAt = null;
                unit.Attempt++;
                unit.LeaseExpiresAt = now + record.UnitTimeout;
                claimed.Add(new DueUnit(
                    record.JobId,
                    record.JobType,
                    unitIndex,
                    unit.Attempt,
                    unit.Payload,
                    unit.LeaseExpiresAt.Value)
                {
                    UnitTimeout = record.UnitTimeout,
                    Checkpoint = unit.Checkpoint,
                });
            }
        }

        IReadOnlyList<DueUnit> ordered = [.. claimed.OrderBy(unit => unit.JobId).ThenBy(unit => unit.UnitIndex)];
        return Task.FromResult(ordered);
    }

    public Task<IReadOnlyList<ExpiredLease>> ListExpiredLeasesAsync(
        DateTimeOffset expiredBy,
        int limit,
        CancellationToken cancellationToken)
    {
        var expired = new List<(DateTimeOffset LeaseExpiresAt, ExpiredLease Lease)>();
        foreach (var job in _jobs.Values)
        {
            lock (job)
            {
                if (!job.Record.State.IsActive())
                {
                    continue;
                }

                expired.AddRange(job.Units
                    .Where(unit => unit.Value.IsPending && unit.Value.LeaseExpiresAt <= expiredBy)
                    .Select(unit => (
                        unit.Value.LeaseExpiresAt!.Value,
                        new ExpiredLease(job.Record.JobId, unit.Key, unit.Value.Attempt))));
            }
        }

        IReadOnlyList<ExpiredLease> oldestFirst = [.. expired
            .OrderBy(entry => entry.LeaseExpiresAt)
            .ThenBy(entry => entry.Lease.JobId)
            .ThenBy(entry => entry.Lease.UnitIndex)
            .Take(limit)
            .Select(entry => entry.Lease)];
        return Task.FromResult(oldestFirst);
    }

    public Task<bool> SaveCheckpointAsync(
        Guid jobId,
        long unitIndex,
        int attempt,
        string checkpoint,
        CancellationToken cancellationToken)
    {
        if (!_jobs.TryGetValue(jobId, out var job))
        {
            return Task.FromResult(false);
        }

        lock (job)
        {
            if (!job.Units.TryGetValue(unitIndex, out var unit) || !unit.IsPending || unit.Attempt != attempt)
            {
                return Task.FromResult(false);
            }

            unit.Checkpoint = checkpoint;
            return Task.FromResult(true);
        }
    }

    public Task<string?> ReadCheckpointAsync(
        Guid jobId,
        long unitIndex,
        int attempt,
        CancellationToken cancellationToken)
    {
        if (!_jobs.TryGetValue(jobId, out var job))
        {
            return Task.FromResult<string?>(null);
        }

        lock (job)
        {
            return Task.FromResult(
                job.Units.TryGetValue(unitIndex, out var unit) && unit.IsPending && unit.Attempt == attempt
                    ? unit.Checkpoint
                    : null);
        }
    }

    public Task<long> ResetFailedUnitsAsync(Guid jobId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!_jobs.TryGetValue(jobId, out var job))
        {
            return Task.FromResult(0L);
        }

        lock (job)
        {
            var failed = job.Units.Values.Where(unit => unit.Outcome is { Succeeded: false }).ToList();
            foreach (var unit in failed)
            {
                unit.LastFailure = unit.Outcome;
                unit.Outcome = null;
                unit.EndedAt = null;
                unit.DueAt = now;
            }

            job.Record = job.Record with { Failed = job.Record.Failed - failed.Count };
            return Task.FromResult((long)failed.Count);
        }
    }

    public Task<IReadOnlyList<JobRecord>> ListJobsWithAllUnitsEndedAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<JobRecord> jobs = Snapshot()
            .Where(job => job.State.IsActive() && ProgressOf(job, newlyEnded: 0).AllUnitsEnded)
            .OrderBy(job => job.CreatedAt)
            .ThenBy(job => job.JobId)
            .ToList();

        return Task.FromResult(jobs);
    }

    public Task<IReadOnlyList<JobRecord>> ListJobsPastDeadlineAsync(
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<JobRecord> jobs = Snapshot()
            .Where(job => job.State.IsActive() && job.DeadlineAt <= now)
            .OrderBy(job => job.DeadlineAt)
            .ToList();

        return Task.FromResult(jobs);
    }

    public async IAsyncEnumerable<StoredUnitResult> ReadResultsAsync(
        Guid jobId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var job = Get(jobId);
        List<StoredUnitResult> results;
        lock (job)
        {
            results = job.Units
                .Where(unit => unit.Value.Outcome is { Succeeded: true })
                .OrderBy(unit => unit.Key)
                .Select(unit => new StoredUnitResult(unit.Key, unit.Value.Outcome!.Result!))
                .ToList();
        }

        foreach (var result in results)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return result;
        }

        await Task.CompletedTask;
    }

    public Task<IReadOnlyList<ErrorGroup>> ListErrorGroupsAsync(
        Guid jobId,
        int limit,
        CancellationToken cancellationToken)
    {
        if (!_jobs.TryGetValue(jobId, out var job))
        {
            return Task.FromResult<IReadOnlyList<ErrorGroup>>([]);
        }

        lock (job)
        {
            IReadOnlyList<ErrorGroup> groups = job.Units.Values
                .Where(unit => unit.Outcome is { Succeeded: false })
                .GroupBy(unit => unit.Outcome!.Fingerprint ?? string.Empty)
                .Select(group =>
                {
                    var newest = group.OrderByDescending(unit => unit.EndedAt).First();
                    return new ErrorGroup(
                        group.Key,
                        newest.Outcome!.ErrorType,
                        group.LongCount(),
                        newest.Outcome.ErrorMessage,
                        newest.EndedAt);
                })
                .OrderByDescending(group => group.Count)
                .ThenBy(group => group.Fingerprint, StringComparer.Ordinal)
                .Take(limit)
                .ToList();

            return Task.FromResult(groups);
        }
    }

    public Task<IReadOnlyList<ThroughputBucket>> CountEndedUnitsAsync(
        Guid jobId,
        DateTimeOffset origin,
        TimeSpan width,
        CancellationToken cancellationToken)
    {
        if (!_jobs.TryGetValue(jobId, out var job))
        {
            return Task.FromResult<IReadOnlyList<ThroughputBucket>>([]);
        }

        lock (job)
        {
            IReadOnlyList<ThroughputBucket> buckets = job.Units.Values
                .Where(unit => unit.EndedAt is not null)
                .GroupBy(unit => origin + (width * Math.Floor((unit.EndedAt!.Value - origin) / width)))
                .OrderBy(bucket => bucket.Key)
                .Select(bucket => new ThroughputBucket(
                    bucket.Key,
                    bucket.LongCount(unit => unit.Outcome!.Succeeded),
                    bucket.LongCount(unit => !unit.Outcome!.Succeeded)))
                .ToList();

            return Task.FromResult(buckets);
        }
    }

    public Task PingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static JobProgress ProgressOf(JobRecord record, long newlyEnded) =>
        new(record.JobId, record.Dispatched, record.Succeeded, record.Failed, record.SplitCompleted, newlyEnded);

    private StoredJob Get(Guid jobId) =>
        _jobs.TryGetValue(jobId, out var job)
            ? job
            : throw new InvalidOperationException($"Job {jobId} is not in the store.");

    private List<JobRecord> Snapshot()
    {
        var records = new List<JobRecord>();
        foreach (var job in _jobs.Values)
        {
            lock (job)
            {
                records.Add(job.Record);
            }
        }

        return records;
    }

    private sealed class StoredJob(JobRecord record)
    {
        public JobRecord Record { get; set; } = record;

        public Dictionary<long, StoredUnit> Units { get; } = [];
    }

    private sealed class StoredUnit(string payload)
    {
        public string Payload { get; } = payload;

        public int Attempt { get; set; } = 1;

        /// <summary>When the next attempt is due, for a unit whose last attempt failed and will be retried.</summary>
        public DateTimeOffset? DueAt { get; set; }

        /// <summary>The last failed attempt of a unit that is waiting for a retry.</summary>
        public UnitOutcome? LastFailure { get; set; }

        public bool IsPending => Outcome is null && DueAt is null;

        /// <summary>The last checkpoint an attempt saved.</summary>
        public string? Checkpoint { get; set; }

        /// <summary>When the current attempt's lease ends, for a pending unit.</summary>
        public DateTimeOffset? LeaseExpiresAt { get; set; }

        public UnitOutcome? Outcome { get; set; }

        public DateTimeOffset? EndedAt { get; set; }
    }
}
