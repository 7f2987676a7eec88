using NUnit.Framework;
using WorkUnits.Workers;

namespace WorkUnits.Tests.Reliability;

public sealed class RunningUnitsTests
{
    [Test]
    public void EndJob_UnitsRunning_CancelsOnlyThatJobsUnits()
    {
        var running = new RunningUnits();
        var (jobId, otherJobId) = (Guid.NewGuid(), Guid.NewGuid());
        using var source = new CancellationTokenSource();
        using var otherSource = new CancellationTokenSource();
        using var unit = running.Start(jobId, source);
        using var otherUnit = running.Start(otherJobId, otherSource);

        running.EndJob(jobId);

        Assert.That(source.IsCancellationRequested, Is.True);
        Assert.That(unit!.JobEnded, Is.True);
        Assert.That(otherSource.IsCancellationRequested, Is.False);
        Assert.That(otherUnit!.JobEnded, Is.False);
    }

    [Test]
    public void Start_JobAlreadyEnded_RefusesTheUnit()
    {
        var running = new RunningUnits();
        var jobId = Guid.NewGuid();
        using var source = new CancellationTokenSource();
        running.EndJob(jobId);

        var unit = running.Start(jobId, source);

        Assert.That(unit, Is.Null);
        Assert.That(running.HasEnded(jobId), Is.True);
    }

    [Test]
    public void EndJob_UnitAlreadyFinished_LeavesItsSourceAlone()
    {
        var running = new RunningUnits();
        var jobId = Guid.NewGuid();
        using var source = new CancellationTokenSource();
        running.Start(jobId, source)!.Dispose();

        running.EndJob(jobId);

        Assert.That(source.IsCancellationRequested, Is.False);
    }
}
