using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using NUnit.Framework;
using WorkUnits.Contracts;
using WorkUnits.Hosting;
using WorkUnits.IntegrationTests.EndToEnd;
using WorkUnits.IntegrationTests.Infrastructure;
using WorkUnits.Jobs;

namespace WorkUnits.IntegrationTests.Reliability;

/// <summary>
/// On RabbitMQ, a cancelled job's running units are cancelled on every worker process, since each worker hears
/// job events on a queue of its own, and the job's remaining units never start.
/// </summary>
public sealed class WorkerCancellationTests : ServiceFixture
{
    private static readonly ConcurrentDictionary<Guid, Probe> Probes = new();

    [Test]
    public async Task Cancel_UnitsRunningOnTwoWorkers_EveryRunningUnitIsCancelledAndNoOtherStarts()
    {
        var workerSettings = new Dictionary<string, string?>
        {
            ["WorkUnits:Worker:Concurrency"] = "3",
            ["WorkUnits:Worker:PrefetchCount"] = "3",
        };
        using var orchestrator = Own(await WorkUnitsHosts.StartAsync(Endpoints, WorkUnitsRole.Orchestrator, AddJobType));
        using var first = Own(await WorkUnitsHosts.StartAsync(Endpoints, WorkUnitsRole.Worker, AddJobType, workerSettings));
        using var second = Own(await WorkUnitsHosts.StartAsync(Endpoints, WorkUnitsRole.Worker, AddJobType, workerSettings));
        var jobId = Guid.NewGuid();
        var probe = Probes.GetOrAdd(jobId, _ => new Probe());

        await orchestrator.Client().SubmitAsync(new SubmitJob
        {
            JobId = jobId,
            JobType = "blocking",
            Parameters = JsonDocument.Parse("{\"units\":50}").RootElement,
            Settings = new JobSettings { MaxInFlight = 6 },
        });
        await WaitUntilAsync(() => probe.Started >= 6);
        await orchestrator.Client().CancelAsync(jobId, "enough");
        await WaitUntilAsync(() => probe.Cancelled >= 6);
        await Task.Delay(500);

        Assert.That((probe.Started, probe.Cancelled), Is.EqualTo((6, 6)));
        Assert.That((await orchestrator.Client().GetStatusAsync(jobId))!.State, Is.EqualTo("cancelled"));
    }

    private static void AddJobType(WorkUnitsBuilder workUnits) =>
        workUnits.AddJobType<BlockingSplitter, BlockingHandler>("blocking");

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("The condition did not hold in time.");
            }

            await Task.Delay(20);
        }
    }

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
