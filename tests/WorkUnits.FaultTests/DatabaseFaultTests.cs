using NUnit.Framework;
using WorkUnits.FaultTests.Infrastructure;

namespace WorkUnits.FaultTests;

/// <summary>
/// PostgreSQL restarts in the middle of a 5,000-unit job, ending every connection of the orchestrator and the
/// workers; they ride the outage out without losing an outcome and the job completes with every unit recorded once.
/// </summary>
[Category("Faults")]
public sealed class DatabaseFaultTests
{
    [Test]
    public async Task Job_DatabaseRestartedMidJob_CompletesWithEveryUnitRecordedOnce()
    {
        await using var cluster = await FaultCluster.StartAsync();
        var jobId = await cluster.SubmitAsync(unitMs: 50);
        await cluster.WaitUntilAsync(jobId, job => job.Succeeded >= 500, TimeSpan.FromMinutes(2));

        await LocalServices.RestartPostgresAsync();
        // Any answer will do: the database is back.
        await cluster.WaitUntilAsync(jobId, _ => true, TimeSpan.FromMinutes(1));
        var afterRestart = await cluster.ReadJobAsync(jobId);

        Assert.That(afterRestart!.Succeeded, Is.LessThan(FaultCluster.Units), "the job ended before the fault");
        await cluster.AssertJobCompletedExactlyOnceAsync(jobId);
        Assert.That(cluster.AllRunning(), Is.True, cluster.Logs());
    }
}
