using System.Collections.Concurrent;
using System.Globalization;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using WorkUnits.Contracts;
using WorkUnits.Hosting;
using WorkUnits.Jobs;
using WorkUnits.Storage;
using WorkUnits.Testing;
using WorkUnits.Tests.Reliability;
using WorkUnits.Workers;

namespace WorkUnits.Tests.Workers;

/// <summary>
/// A unit whose message came back after its worker stopped resumes from the checkpoint its attempt saved since the
/// message was sent, read from the store; a unit on its first delivery runs with its message's checkpoint and costs
/// no store read. The worker runs alone on the in-memory transport; the test sends the unit messages itself.
/// </summary>
public sealed class ReturnedUnitCheckpointTests
{
    private const string Stale = "100";
    private const string Saved = "900";

    private static readonly Uri UnitsQueue = new($"queue:{WorkUnitsQueues.Units}");

    [Test]
    public async Task ReturnedUnit_AttemptSavedACheckpointSinceItsDispatch_RunsFromTheSavedOne()
    {
        var (store, jobId) = await StoreWithSavedCheckpointsAsync(units: 1);
        using var host = await StartWorkerAsync(store);
        var seen = CheckpointHandler.Expect(jobId, 0);

        await SendAsync(host, Unit(jobId, 0), redeliveries: 1);

        Assert.That(await seen.WaitAsync(TimeSpan.FromSeconds(20)), Is.EqualTo(Saved));
        Assert.That(store.Reads, Is.EqualTo(new[] { (jobId, 0L, 1) }));
    }

    [Test]
    public async Task FirstDelivery_SingleAndBatched_RunsWithTheMessagesCheckpointWithoutReadingTheStore()
    {
        var (store, jobId) = await StoreWithSavedCheckpointsAsync(units: 3);
        using var host = await StartWorkerAsync(store);
        var seen = Enumerable.Range(0, 3).Select(index => CheckpointHandler.Expect(jobId, index)).ToList();

        await SendAsync(host, Unit(jobId, 0), redeliveries: null);
        var queue = await host.Services.GetRequiredService<IBus>().GetSendEndpoint(UnitsQueue);
        await queue.Send(new ExecuteUnits([Unit(jobId, 1), Unit(jobId, 2)]));

        var checkpoints = await Task.WhenAll(seen).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.That(checkpoints, Is.EqualTo(new[] { Stale, Stale, Stale }));
        Assert.That(store.Reads, Is.Empty);
    }

    [Test]
    public async Task ReturnedUnit_StoreCannotAnswer_RunsWithTheMessagesCheckpoint()
    {
        var (store, jobId) = await StoreWithSavedCheckpointsAsync(units: 1);
        store.FailReads = true;
        using var host = await StartWorkerAsync(store);
        var seen = CheckpointHandler.Expect(jobId, 0);

        await SendAsync(host, Unit(jobId, 0), redeliveries: 2);

        Assert.That(await seen.WaitAsync(TimeSpan.FromSeconds(20)), Is.EqualTo(Stale));
        Assert.That(store.Reads, Has.Count.EqualTo(1));
    }

    /// <summary>
    /// A running job whose units are at their first attempt, each of which saved <see cref="Saved"/>.
    /// </summary>
    private static async Task<(CheckpointReadsStore Store, Guid JobId)> StoreWithSavedCheckpointsAsync(int units)
    {
        var store = new CheckpointReadsStore(new InMemoryWorkUnitStore(TimeProvider.System));
        var jobId = Guid.NewGuid();
        await store.CreateJobAsync(new NewJob(jobId, "checkpointed", "{}", 10, 0, DateTimeOffset.UnixEpoch), default);
        var payloads = Enumerable.Range(0, units)
            .Select(index => index.ToString(CultureInfo.InvariantCulture))
            .ToList();
        await store.AppendUnitsAsync(jobId, 0, payloads, null, splitCompleted: true, default);
        await store.SetJobStateAsync(jobId, JobState.Running, null, null, default);
        for (var index = 0; index < units; index++)
        {
            await store.SaveCheckpointAsync(jobId, index, 1, Saved, default);
        }

        return (store, jobId);
    }

    private static Task<InProcessHost> StartWorkerAsync(IWorkUnitStore store) =>
        InProcessHost.StartAsync(
            workUnits => workUnits.AddJobType<CountingSplitter, CheckpointHandler>("checkpointed"),
            new Dictionary<string, string?> { ["WorkUnits:Role"] = nameof(WorkUnitsRole.Worker) },
            store);

    /// <summary>
    /// The unit's first attempt as dispatched by the orchestrator, before it saved <see cref="Saved"/>.
    /// </summary>
    private static ExecuteUnit Unit(Guid jobId, long index) =>
        new(jobId, "checkpointed", index, Attempt: 1, index.ToString(CultureInfo.InvariantCulture))
        {
            Checkpoint = Stale,
        };

    private static async Task SendAsync(InProcessHost host, ExecuteUnit unit, int? redeliveries)
    {
        var queue = await host.Services.GetRequiredService<IBus>().GetSendEndpoint(UnitsQueue);
        await queue.Send(unit, send =>
        {
            if (redeliveries is { } count)
            {
                send.Headers.Set(RedeliveryGuard.HeaderName, count);
            }
        });
    }

    /// <summary>Tells the test the checkpoint each unit was handed.</summary>
    public sealed class CheckpointHandler : IUnitHandler<long, long>
    {
        private static readonly ConcurrentDictionary<(Guid, long), TaskCompletionSource<string?>> Runs = new();

        public static Task<string?> Expect(Guid jobId, long unitIndex) =>
            Runs.GetOrAdd((jobId, unitIndex), _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        /// <inheritdoc />
        public Task<long> HandleAsync(long unit, UnitContext context)
        {
            if (Runs.TryGetValue((context.JobId, context.UnitIndex), out var run))
            {
                run.TrySetResult(context.Checkpoint);
            }

            return Task.FromResult(unit);
        }
    }
}
