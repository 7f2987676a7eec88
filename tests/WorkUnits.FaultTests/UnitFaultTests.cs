using NUnit.Framework;
using WorkUnits.FaultTests.Infrastructure;

namespace WorkUnits.FaultTests;

/// <summary>
/// One unit of a 5,000-unit job is bad: it throws on every attempt, or it ends the worker process that runs it. The
/// job gives that unit up after its attempts, records every other unit once, and completes within its failure
/// budget with the bad unit listed and its error kept.
/// </summary>
[Category("Faults")]
public sealed class UnitFaultTests
{
    private const long BadUnit = 2_345;

    [Test]
    public async Task Job_WithPoisonUnit_RetriesItMaxAttemptsTimesAndCompletesWithItFailed()
    {
        await using var cluster = await FaultCluster.StartAsync();

        var jobId = await cluster.SubmitAsync(
            unitMs: 10,
            $"--param failUnit={BadUnit} --setting maxAttempts=3 --setting maxFailedUnits=1");
        var failed = await cluster.AssertJobCompletedExactlyOnceAsync(jobId, failedUnits: [BadUnit]);

        Assert.That(failed[0].Attempt, Is.EqualTo(3));
        Assert.That(failed[0].ErrorType, Is.EqualTo(typeof(InvalidOperationException).FullName));
        Assert.That(failed[0].ErrorMessage, Does.Contain("failUnit"));
    }

    [Test]
    public async Task Job_WithUnitThatCrashesItsWorker_GivesItUpAfterMaxRedeliveriesAndCompletesWithItFailed()
    {
        // One unit at a time and one message per worker. The first crash returns the batch it came in, which is split
        // with each unit counted once; every later crash returns only the crashing unit's own message, so no other
        // unit uses up its redeliveries.
        const int maxRedeliveries = 2;
        await using var cluster = await FaultCluster.StartAsync(new Dictionary<string, string>
        {
            ["WorkUnits__Synthetic__AllowCrashUnit"] = "true",
            ["WorkUnits__Worker__Concurrency"] = "1",
            ["WorkUnits__Worker__PrefetchCount"] = "1",
            ["WorkUnits__Worker__MaxRedeliveries"] = $"{maxRedeliveries}",
        });

        var jobId = await cluster.SubmitAsync(
            unitMs: 0,
            $"--param crashUnit={BadUnit} --setting maxAttempts=1 --setting maxFailedUnits=1");
        var restarts = await cluster.KeepWorkersRunningUntilEndedAsync(jobId, TimeSpan.FromMinutes(3));
        var failed = await cluster.AssertJobCompletedExactlyOnceAsync(jobId, failedUnits: [BadUnit]);

        Assert.That(restarts, Is.EqualTo(maxRedeliveries + 1), "the crash unit ran once and came back twice");
        Assert.That(failed[0].ErrorType, Is.EqualTo("WorkUnits.WorkerLost"));
        Assert.That(failed[0].ErrorMessage, Does.Contain("WorkUnits:Worker:MaxRedeliveries"));
    }
}
