using System.Collections.Concurrent;
using System.Text.Json;
using NUnit.Framework;
using WorkUnits.Contracts;
using WorkUnits.Jobs;
using WorkUnits.Storage;

namespace WorkUnits.Tests.Reliability;

/// <summary>A unit's next attempt starts from the checkpoint its failed attempt saved.</summary>
public sealed class CheckpointFlowTests
{
    private static readonly ConcurrentDictionary<(Guid JobId, int Attempt), int?> SeenCheckpoints = new();

    [Test]
    public async Task Retry_AfterTheFirstAttemptSavedACheckpoint_StartsFromIt()
    {
        using var host = await InProcessHost.StartAsync(
            workUnits => workUnits.AddJobType<LeaseFlowTests.CountingSplitter, ResumingHandler>("resuming"),
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
