using System.Collections.Concurrent;
using WorkUnits.Hosting;
using WorkUnits.Jobs;

namespace WorkUnits.Testing;

/// <summary>
/// The <c>blocking</c> job type: its units run until they are cancelled, and a <see cref="Probe"/> per job counts
/// how many started and how many were cancelled.
/// </summary>
public static class BlockingJob
{
    private static readonly ConcurrentDictionary<Guid, Probe> Probes = new();

    /// <summary>Registers the job type as <c>blocking</c>.</summary>
    /// <param name="workUnits">The builder to register it on.</param>
    public static void Register(WorkUnitsBuilder workUnits) =>
        workUnits.AddJobType<CountingSplitter, Handler>("blocking");

    /// <summary>The probe of one job, created on first use.</summary>
    /// <param name="jobId">The job's id.</param>
    /// <returns>The job's probe.</returns>
    public static Probe ProbeOf(Guid jobId) => Probes.GetOrAdd(jobId, _ => new Probe());

    /// <summary>Counts what the handlers of one job saw.</summary>
    public sealed class Probe
    {
        private int _started;
        private int _cancelled;

        /// <summary>Gets how many units have started.</summary>
        public int Started => Volatile.Read(ref _started);

        /// <summary>Gets how many running units were cancelled.</summary>
        public int Cancelled => Volatile.Read(ref _cancelled);

        internal void OnStarted() => Interlocked.Increment(ref _started);

        internal void OnCancelled() => Interlocked.Increment(ref _cancelled);
    }

    /// <summary>Runs until its unit is cancelled.</summary>
    public sealed class Handler : IUnitHandler<long, long>
    {
        /// <inheritdoc />
        public async Task<long> HandleAsync(long unit, UnitContext context)
        {
            var probe = ProbeOf(context.JobId);
            probe.OnStarted();
            try
            {
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                probe.OnCancelled();
                throw;
            }

            return unit;
        }
    }
}
