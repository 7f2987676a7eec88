using NUnit.Framework;
using WorkUnits.FaultTests.Infrastructure;

namespace WorkUnits.FaultTests;

/// <summary>
/// The broker drops every connection of the orchestrator and the workers, or stops altogether, in the middle of a
/// 5,000-unit job; the processes stay up, reconnect by themselves, and the job completes with every unit recorded
/// once.
/// </summary>
[Category("Faults")]
public sealed class BrokerFaultTests
{
    [Test]
    public async Task Job_AllBrokerConnectionsClosedMidJob_CompletesWithEveryUnitRecordedOnce()
    {
        await using var cluster = await FaultCluster.StartAsync();
        var jobId = await cluster.SubmitAsync(unitMs: 50);
        await cluster.WaitUntilAsync(jobId, job => job.Succeeded >= 500, TimeSpan.FromMinutes(2));

        var closed = await cluster.Services.CloseConnectionsAsync(atLeast: 3);
        var atClose = await cluster.ReadJobAsync(jobId);

        Assert.That(closed, Is.GreaterThanOrEqualTo(3));
        Assert.That(atClose!.Succeeded, Is.LessThan(FaultCluster.Units), "the job ended before the fault");
        await cluster.AssertJobCompletedExactlyOnceAsync(jobId);
    }

    [Test]
    public async Task Job_BrokerStoppedAndStartedMidJob_CompletesWithEveryUnitRecordedOnce()
    {
        await using var cluster = await FaultCluster.StartAsync();
        var jobId = await cluster.SubmitAsync(unitMs: 50);
        await cluster.WaitUntilAsync(jobId, job => job.Succeeded >= 500, TimeSpan.FromMinutes(2));

        await LocalServices.StopBrokerAsync();
        try
        {
            // The outage lasts long enough for every process to notice it and retry its connection.
            await Task.Delay(TimeSpan.FromSeconds(5));
        }
        finally
        {
            await LocalServices.StartBrokerAsync();
        }

        var afterOutage = await cluster.ReadJobAsync(jobId);

        Assert.That(afterOutage!.Succeeded, Is.LessThan(FaultCluster.Units), "the job ended before the fault");
        await cluster.AssertJobCompletedExactlyOnceAsync(jobId);
        Assert.That(cluster.AllRunning(), Is.True, cluster.Logs());
    }
}
