using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using NUnit.Framework;
using WorkUnits.Contracts;
using WorkUnits.Jobs;
using WorkUnits.Storage;

namespace WorkUnits.Tests.Reliability;

/// <summary>Cancelling a job reaches the handlers running its units, and none of its units starts afterwards.</summary>
public sealed class JobCancellationFlowTests
{
    private static readonly ConcurrentDictionary<Guid, JobProbe> Probes = new();

    [Test]
    public async Task Cancel_UnitsRunning_CancelsThemAndStartsNoOther()
    {
        using var host = await InProcessHost.StartAsync(
            workUnits => workUnits.AddJobType<BlockingSplitter, BlockingHandler>("blocking"));
        var jobId = Guid.NewGuid();
        var probe = Probes.GetOrAdd(jobId, _ => new JobProbe());
        await host.Client.SubmitAsync(new SubmitJob
        {
            JobId = jobId,
            JobType = "blocking",
            Parameters = JsonDocument.Parse("{\"units\":20}").RootElement,
            Settings = new JobSettings { MaxInFlight = 3 },
        });
        await WaitUntilAsync(() => probe.Started >= 3);

        await host.Client.CancelAsync(jobId, "enough");
        await WaitUntilAsync(() => probe.Cancelled >= 3);
        var job = await host.WaitForAsync(jobId, job => job.State.IsFinal());
        await Task.Delay(200);

        Assert.That(job.State, Is.EqualTo(JobState.Cancelled));
        Assert.That(probe.Started, Is.EqualTo(3));
        Assert.That(probe.Cancelled, Is.EqualTo(3));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("The condition did not hold in time.");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Counts what the handlers of one job saw.</summary>
    public sealed class JobProbe
    {
        private int _started;
        private int _cancelled;

        public int Started => Volatile.Read(ref _started);

        public int Cancelled => Volatile.Read(ref _cancelled);

        public void OnStarted() => Interlocked.Increment(ref _started);

        public void OnCancelled() => Interlocked.Increment(ref _cancelled);
    }

    /// <summary>The job's parameters.</summary>
    public sealed record BlockingParameters(long Units);

    /// <summary>Produces units 0 to <c>units - 1</c>.</summary>
    public sealed class BlockingSplitter : IJobSplitter<BlockingParameters, long>
    {
        /// <inheritdoc />
        public async IAsyncEnumerable<SplitUnit<long>> SplitAsync(
            BlockingParameters parameters,
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
    public sealed class BlockingHandler : IUnitHandler<long, long>
    {
        /// <inheritdoc />
        public async Task<long> HandleAsync(long unit, UnitContext context)
        {
            var probe = Probes[context.JobId];
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
