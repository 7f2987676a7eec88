using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using WorkUnits.Hosting;
using WorkUnits.Jobs;

namespace WorkUnits.IntegrationTests.Reliability;

/// <summary>
/// The <c>blocking</c> job type: its units run until they are cancelled, and a <see cref="Probe"/> per job counts
/// how many started and how many were cancelled.
/// </summary>
public static class BlockingJob
{
    private static readonly ConcurrentDictionary<Guid, Probe> Probes = new();

    public static void Register(WorkUnitsBuilder workUnits) =>
        workUnits.AddJobType<Splitter, Handler>("blocking");

    /// <summary>The probe of one job, created on first use.</summary>
    public static Probe ProbeOf(Guid jobId) => Probes.GetOrAdd(jobId, _ => new Probe());

    /// <summary>Counts what the handlers of one job saw.</summary>
    public sealed class Probe
    {
        private int _started;
        private int _cancelled;

        public int Started => Volatile.Read(ref _started);

        public int Cancelled => Volatile.Read(ref _cancelled);

        public void OnStarted() => Interlocked.Increment(ref _started);

        public void OnCancelled() => Interlocked.Increment(ref _cancelled);
    }

    /// <summary>The job's parameters.</summary>
    public sealed record Parameters(long Units);

    /// <summary>Produces units 0 to <c>units - 1</c>.</summary>
    public sealed class Splitter : IJobSplitter<Parameters, long>
    {
        /// <inheritdoc />
        public async IAsyncEnumerable<SplitUnit<long>> SplitAsync(
            Parameters parameters,
            string? cursor,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var first = cursor is null ? 0 : long.Parse(cursor, CultureInfo.InvariantCulture);
            for (var index = first; index < parameters.Units; index++)
            {
                yield return new SplitUnit<long>(index, (index + 1).ToString(CultureInfo.InvariantCulture));
            }

            await Task.CompletedTask;
        }
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
