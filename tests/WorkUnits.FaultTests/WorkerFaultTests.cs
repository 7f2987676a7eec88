using NUnit.Framework;
using WorkUnits.FaultTests.Infrastructure;

namespace WorkUnits.FaultTests;

/// <summary>
/// Workers that die or are stopped in the middle of a 5,000-unit job: the job still records every unit's outcome
/// exactly once and completes with the right sum, and nothing lands in an error queue.
/// </summary>
[Category("Faults")]
public sealed class WorkerFaultTests
{
    [Test]
    public async Task Job_WorkerKilledMidJob_CompletesWithEveryUnitRecordedOnce()
    {
        await using var cluster = await FaultCluster.StartAsync();
        var jobId = await cluster.SubmitAsync(unitMs: 20);
        await cluster.WaitUntilAsync(jobId, job => job.Succeeded >= 1_000, TimeSpan.FromMinutes(2));

        cluster.Workers[0].Kill();

        await cluster.AssertJobCompletedExactlyOnceAsync(jobId);
    }

    [Test]
    public async Task Worker_TerminatedWithUnitsInFlight_FinishesThemExitsZeroAndTheJobCompletes()
    {
        await using var cluster = await FaultCluster.StartAsync();
        var jobId = await cluster.SubmitAsync(unitMs: 50);
        await cluster.WaitUntilAsync(jobId, job => job.Succeeded >= 1_000, TimeSpan.FromMinutes(2));

        cluster.Workers[0].Terminate();
        var exited = await cluster.Workers[0].WaitForExitAsync(TimeSpan.FromSeconds(20));

        Assert.That(exited, Is.True, cluster.Logs());
        Assert.That(cluster.Workers[0].ExitCode, Is.Zero, cluster.Logs());
        await cluster.AssertJobCompletedExactlyOnceAsync(jobId);
    }

    [Test]
    public async Task Job_OrchestratorKilledWhileSplittingAndRestarted_CompletesWithEveryUnitRecordedOnce()
    {
        await using var cluster = await FaultCluster.StartAsync();
        var jobId = await cluster.SubmitAsync(unitMs: 20);
        await cluster.WaitUntilAsync(
            jobId,
            job => job.Dispatched >= 500 && job.Dispatched < FaultCluster.Units,
            TimeSpan.FromMinutes(2));

        cluster.Orchestrator.Kill();
        cluster.StartOrchestrator();

        await cluster.AssertJobCompletedExactlyOnceAsync(jobId);
    }
}
