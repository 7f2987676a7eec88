using System.Collections.Concurrent;
using System.Text.Json;
using NUnit.Framework;
using WorkUnits.Contracts;
using WorkUnits.Hosting;
using WorkUnits.IntegrationTests.EndToEnd;
using WorkUnits.IntegrationTests.Infrastructure;
using WorkUnits.Jobs;
using WorkUnits.Testing;

namespace WorkUnits.IntegrationTests.Reliability;

/// <summary>
/// On RabbitMQ and PostgreSQL, a unit whose worker lost its broker connection after the handler saved a checkpoint
/// comes back with the checkpoint of its dispatch in the message, and still resumes from the one it saved.
/// </summary>
public sealed class RedeliveredCheckpointTests : ServiceFixture
{
    private static readonly ConcurrentDictionary<Guid, Runs> RunsByJob = new();

    [Test]
    public async Task Unit_WorkerConnectionLostAfterItSavedACheckpoint_RunsAgainFromThatCheckpoint()
    {
        using var orchestrator = Own(await WorkUnitsHosts.StartAsync(Endpoints, WorkUnitsRole.Orchestrator, Register));
        using var worker = Own(await WorkUnitsHosts.StartAsync(Endpoints, WorkUnitsRole.Worker, Register));
        var jobId = Guid.NewGuid();
        var runs = RunsOf(jobId);

        await orchestrator.Client().SubmitAsync(new SubmitJob
        {
            JobId = jobId,
            JobType = "checkpointing",
            Parameters = JsonDocument.Parse("{\"units\":1}").RootElement,
            Settings = new JobSettings { MaxAttempts = 1 },
        });
        await runs.FirstSaved.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await CloseBrokerConnectionsAsync(atLeast: 2);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var final = await orchestrator.Client().WaitAsync(
            jobId,
            TimeSpan.FromMilliseconds(100),
            cancellationToken: timeout.Token);

        Assert.That(final.State, Is.EqualTo("completed"));
        Assert.That(
            runs.Checkpoints,
            Is.EqualTo(new[] { null, "halfway" }),
            "the first run saved it, the second resumed from it");
    }

    private static void Register(WorkUnitsBuilder workUnits) =>
        workUnits.AddJobType<CountingSplitter, Handler>("checkpointing");

    private static Runs RunsOf(Guid jobId) => RunsByJob.GetOrAdd(jobId, _ => new Runs());

    /// <summary>What the handlers of one job saw.</summary>
    public sealed class Runs
    {
        private readonly ConcurrentQueue<string?> _checkpoints = new();

        /// <summary>Completes once the first run has saved its checkpoint.</summary>
        public TaskCompletionSource FirstSaved { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The checkpoint each run was handed, in order.</summary>
        public IReadOnlyList<string?> Checkpoints => [.. _checkpoints];

        /// <summary>Records a run; true for the first one.</summary>
        public bool Start(string? checkpoint)
        {
            _checkpoints.Enqueue(checkpoint);
            return _checkpoints.Count == 1;
        }
    }

    /// <summary>
    /// On its first run saves a checkpoint and waits until it is cancelled; later runs succeed at once.
    /// </summary>
    public sealed class Handler : IUnitHandler<long, long>
    {
        /// <inheritdoc />
        public async Task<long> HandleAsync(long unit, UnitContext context)
        {
            var runs = RunsOf(context.JobId);
            if (!runs.Start(context.Checkpoint))
            {
                return unit;
            }

            await context.SaveCheckpointAsync("halfway");
            runs.FirstSaved.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
            return unit;
        }
    }
}
