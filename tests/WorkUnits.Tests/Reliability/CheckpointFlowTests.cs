using System.Collections.Concurrent;
using System.Text.Json;
using NUnit.Framework;
using WorkUnits.Contracts;
using WorkUnits.Jobs;
using WorkUnits.Storage;
using WorkUnits.Testing;

namespace WorkUnits.Tests.Reliability;

/// <summary>A unit's next attempt starts from the checkpoint its failed attempt saved.</summary>
public sealed class CheckpointFlowTests
{
    private static readonly ConcurrentDictionary<(Guid JobId, int Attempt), int?> SeenCheckpoints = new();

    [Test]
    public async Task Retry_AfterTheFirstAttemptSavedACheckpoint_StartsFromIt()
    {
        using var host = await InProcessHost.StartAsync(
            workUnits => workUnits.AddJobType<CountingSplitter, ResumingHandler>("resuming"),
            new Dictionary<string, string?> { ["WorkUnits:Orchestrator:RetryBaseDelay"] = "00:00:01" });
        var jobId = Guid.NewGuid();

        await host.Client.SubmitAsync(new SubmitJob
        {
            JobId = jobId,
            JobType = "resuming",
            Parameters = JsonDocument.Parse("{\"units\":1}").RootElement,
            Settings = new JobSettings { MaxAttempts = 2 },
        });
        var final = await host.AdvanceUntilFinalAsync(jobId);

        Assert.That(final.State, Is.EqualTo(JobState.Completed));
        Assert.That(SeenCheckpoints[(jobId, 1)], Is.Null);
        Assert.That(SeenCheckpoints[(jobId, 2)], Is.EqualTo(500));
    }

    [Test]
    public async Task OrchestratorRestart_PendingUnitThatSavedACheckpoint_IsSentAgainWithIt()
    {
        // What an orchestrator that stopped mid-job leaves behind: a running job whose only unit is pending at its
        // first attempt, and the checkpoint that attempt saved before its worker went away too.
        var store = new InMemoryWorkUnitStore(TimeProvider.System);
        var jobId = Guid.NewGuid();
        var job = new NewJob(jobId, "recorded", "{\"units\":1}", 10, 0, DateTimeOffset.UnixEpoch);
        await store.CreateJobAsync(job, default);
        await store.AppendUnitsAsync(jobId, 0, ["0"], "1", splitCompleted: true, default);
        await store.SetJobStateAsync(jobId, JobState.Running, null, null, default);
        await store.SaveCheckpointAsync(jobId, 0, 1, "700", default);
        var seen = RecordingHandler.Expect(jobId);

        using var host = await InProcessHost.StartAsync(
            workUnits => workUnits.AddJobType<CountingSplitter, RecordingHandler>("recorded"),
            store: store);

        Assert.That(await seen.WaitAsync(TimeSpan.FromSeconds(20)), Is.EqualTo((1, (int?)700)));
        await host.WaitForAsync(jobId, job => job.Succeeded == 1);
    }

    /// <summary>Tells the test the attempt and the checkpoint it was handed.</summary>
    public sealed class RecordingHandler : IUnitHandler<long, long>
    {
        private static readonly ConcurrentDictionary<Guid, TaskCompletionSource<(int, int?)>> Runs = new();

        public static Task<(int Attempt, int? Checkpoint)> Expect(Guid jobId) =>
            Runs.GetOrAdd(jobId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        /// <inheritdoc />
        public Task<long> HandleAsync(long unit, UnitContext context)
        {
            if (Runs.TryGetValue(context.JobId, out var run))
            {
                run.TrySetResult((context.Attempt, context.GetCheckpoint<int?>()));
            }

            return Task.FromResult(unit);
        }
    }

    /// <summary>Saves how far it got, then fails on its first attempt.</summary>
    public sealed class ResumingHandler : IUnitHandler<long, long>
    {
        /// <inheritdoc />
        public async Task<long> HandleAsync(long unit, UnitContext context)
        {
            SeenCheckpoints[(context.JobId, context.Attempt)] = context.GetCheckpoint<int?>();
            if (context.Attempt == 1)
            {
                await context.SaveCheckpointAsync<int?>(500);
                throw new IOException("the connection dropped half way");
            }

            return unit;
        }
    }
}
