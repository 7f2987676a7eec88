using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using WorkUnits.Contracts;
using WorkUnits.Orchestration;
using WorkUnits.Storage;

namespace WorkUnits.Tests.Orchestration;

[TestFixture]
public sealed class JobTrackingStateMachineTests
{
    private ServiceProvider _services = null!;
    private ITestHarness _harness = null!;
    private ISagaStateMachineTestHarness<JobTrackingStateMachine, JobTrackingState> _saga = null!;
    private InMemoryWorkUnitStore _store = null!;

    [SetUp]
    public async Task StartHarnessAsync()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        _store = new InMemoryWorkUnitStore(time);
        _services = new ServiceCollection()
            .AddSingleton<TimeProvider>(time)
            .AddSingleton<IWorkUnitStore>(_store)
            .AddMassTransitTestHarness(bus => bus.AddSagaStateMachine<JobTrackingStateMachine, JobTrackingState>())
            .BuildServiceProvider(validateScopes: true);
        _harness = _services.GetRequiredService<ITestHarness>();
        await _harness.Start();
        _saga = _harness.GetSagaStateMachineHarness<JobTrackingStateMachine, JobTrackingState>();
    }

    [TearDown]
    public async Task StopHarnessAsync()
    {
        await _harness.Stop();
        await _services.DisposeAsync();
    }

    [Test]
    public async Task Accepted_NewJob_IsSubmittedAndAsksForSplitting()
    {
        var jobId = await AcceptAsync(maxFailedUnits: 0);

        Assert.That(await _saga.Exists(jobId, machine => machine.Submitted), Is.Not.Null);
        Assert.That(await _harness.Published.Any<StartSplitting>(m => m.Context.Message.JobId == jobId), Is.True);
        Assert.That((await _store.GetJobAsync(jobId, default))!.State, Is.EqualTo(JobState.Submitted));
    }

    [Test]
    public async Task Accepted_SameJobTwice_AsksForSplittingOnce()
    {
        var jobId = await AcceptAsync(maxFailedUnits: 0);

        await _harness.Bus.Publish(new JobAccepted(jobId, "synthetic", 10, 0));
        await _harness.InactivityTask;

        var starts = _harness.Published.Select<StartSplitting>().Count(m => m.Context.Message.JobId == jobId);
        Assert.That(starts, Is.EqualTo(1));
    }

    [Test]
    public async Task Progressed_AllUnitsEndedWithinBudget_FinalizesAndCompletes()
    {
        var jobId = await AcceptAsync(maxFailedUnits: 1);
        await _harness.Bus.Publish(new JobSplitStarted(jobId));
        await _harness.Bus.Publish(new JobSplitCompleted(jobId, Total: 3));

        await _harness.Bus.Publish(new JobProgressed(jobId, Succeeded: 2, Failed: 1, AllUnitsEnded: true));
        Assert.That(await _saga.Exists(jobId, machine => machine.Finalizing), Is.Not.Null);
        await _harness.Bus.Publish(new JobFinalized(jobId, Result: null));

        Assert.That(await _saga.Exists(jobId, machine => machine.Completed), Is.Not.Null);
        Assert.That(await _harness.Published.Any<FinalizeJob>(m => m.Context.Message.JobId == jobId), Is.True);
        var completed = _harness.Published.Select<JobCompleted>().Single(m => m.Context.Message.JobId == jobId);
        Assert.Multiple(() =>
        {
            Assert.That(completed.Context.Message.Total, Is.EqualTo(3));
            Assert.That(completed.Context.Message.Succeeded, Is.EqualTo(2));
            Assert.That(completed.Context.Message.Failed, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Progressed_FailuresOverBudget_FailsWithoutFinalizing()
    {
        var jobId = await AcceptAsync(maxFailedUnits: 1);

        await _harness.Bus.Publish(new JobProgressed(jobId, Succeeded: 5, Failed: 2, AllUnitsEnded: false));

        Assert.That(await _saga.Exists(jobId, machine => machine.Failed), Is.Not.Null);
        Assert.That(await _harness.Published.Any<JobFailed>(m => m.Context.Message.JobId == jobId), Is.True);
        Assert.That(await _harness.Published.Any<FinalizeJob>(m => m.Context.Message.JobId == jobId), Is.False);
        Assert.That((await _store.GetJobAsync(jobId, default))!.State, Is.EqualTo(JobState.Failed));
    }

    [Test]
    public async Task Progressed_OlderRollUpAfterNewerOne_NeverLowersTheCounts()
    {
        var jobId = await AcceptAsync(maxFailedUnits: 0);

        await _harness.Bus.Publish(new JobProgressed(jobId, Succeeded: 50, Failed: 0, AllUnitsEnded: false));
        await _harness.Bus.Publish(new JobProgressed(jobId, Succeeded: 20, Failed: 0, AllUnitsEnded: false));
        await _harness.InactivityTask;

        Assert.That(_saga.Sagas.Contains(jobId)!.Succeeded, Is.EqualTo(50));
    }

    [Test]
    public async Task CancelJob_RunningJob_IsCancelledAndAnnounced()
    {
        var jobId = await AcceptAsync(maxFailedUnits: 0);
        await _harness.Bus.Publish(new JobSplitStarted(jobId));

        await _harness.Bus.Publish(new CancelJob(jobId, "no longer needed"));

        Assert.That(await _saga.Exists(jobId, machine => machine.Cancelled), Is.Not.Null);
        var cancelled = _harness.Published.Select<JobCancelled>().Single(m => m.Context.Message.JobId == jobId);
        Assert.That(cancelled.Context.Message.Reason, Is.EqualTo("no longer needed"));
    }

    [Test]
    public async Task CancelJob_CompletedJob_StaysCompleted()
    {
        var jobId = await AcceptAsync(maxFailedUnits: 0);
        await _harness.Bus.Publish(new JobProgressed(jobId, Succeeded: 1, Failed: 0, AllUnitsEnded: true));
        await _harness.Bus.Publish(new JobFinalized(jobId, Result: null));
        Assert.That(await _saga.Exists(jobId, machine => machine.Completed), Is.Not.Null);

        await _harness.Bus.Publish(new CancelJob(jobId, Reason: null));
        await _harness.InactivityTask;

        Assert.That(_saga.Sagas.Contains(jobId)!.CurrentState, Is.EqualTo("Completed"));
        Assert.That(await _harness.Published.Any<JobCancelled>(m => m.Context.Message.JobId == jobId), Is.False);
    }

    [Test]
    public async Task SplitFailed_SplittingJob_Fails()
    {
        var jobId = await AcceptAsync(maxFailedUnits: 0);
        await _harness.Bus.Publish(new JobSplitStarted(jobId));

        await _harness.Bus.Publish(new JobSplitFailed(jobId, "IOException: disk gone"));

        Assert.That(await _saga.Exists(jobId, machine => machine.Failed), Is.Not.Null);
        Assert.That(_saga.Sagas.Contains(jobId)!.Reason, Does.Contain("disk gone"));
    }

    [Test]
    public async Task RetryRequested_RetriedAfterTheStoreResetAlreadyRan_TakesTheCountsFromTheStore()
    {
        // A job of ten units that completed with two failed, within its budget of two.
        var jobId = await AcceptAsync(maxFailedUnits: 2);
        var payloads = Enumerable.Range(0, 10).Select(index => $"{index}").ToList();
        await _store.AppendUnitsAsync(jobId, 0, payloads, null, splitCompleted: true, default);
        await _store.RecordOutcomesAsync(
            [.. Enumerable.Range(0, 10).Select(index => Outcome(jobId, index, succeeded: index is not (3 or 7)))],
            default);
        await _harness.Bus.Publish(new JobSplitStarted(jobId));
        await _harness.Bus.Publish(new JobSplitCompleted(jobId, Total: 10));
        await _harness.Bus.Publish(new JobProgressed(jobId, Succeeded: 8, Failed: 2, AllUnitsEnded: true));
        Assert.That(await _saga.Exists(jobId, machine => machine.Finalizing), Is.Not.Null);
        await _harness.Bus.Publish(new JobFinalized(jobId, Result: null));
        Assert.That(await _saga.Exists(jobId, machine => machine.Completed), Is.Not.Null);

        // The first delivery of the request reset the two units in the store, then the saga could not be saved;
        // the redelivered request finds nothing left to reset.
        await _store.ResetFailedUnitsAsync(jobId, DateTimeOffset.UnixEpoch, default);
        await _harness.Bus.Publish(new JobRetryRequested(jobId));
        Assert.That(await _saga.Exists(jobId, machine => machine.Running), Is.Not.Null);
        var running = _saga.Sagas.Contains(jobId)!;
        var countsWhileRunning = (running.Succeeded, running.Failed);

        // Both units succeed on their extra attempt.
        await _harness.Bus.Publish(new JobProgressed(jobId, Succeeded: 10, Failed: 0, AllUnitsEnded: true));
        Assert.That(await _saga.Exists(jobId, machine => machine.Finalizing), Is.Not.Null);
        await _harness.Bus.Publish(new JobFinalized(jobId, Result: null));
        Assert.That(await _saga.Exists(jobId, machine => machine.Completed), Is.Not.Null);

        Assert.That(countsWhileRunning, Is.EqualTo((8L, 0L)));
        var completed = _harness.Published.Select<JobCompleted>().Last(m => m.Context.Message.JobId == jobId);
        Assert.That((completed.Context.Message.Succeeded, completed.Context.Message.Failed), Is.EqualTo((10L, 0L)));
    }

    private static UnitOutcome Outcome(Guid jobId, long index, bool succeeded) =>
        succeeded
            ? new(jobId, index, 1, true, $"{index}", null, null, null)
            : new(jobId, index, 1, false, null, "System.IO.IOException", "broken", "fp-io");

    private async Task<Guid> AcceptAsync(long maxFailedUnits)
    {
        var jobId = Guid.NewGuid();
        var job = new NewJob(jobId, "synthetic", "{}", 10, maxFailedUnits, DateTimeOffset.UnixEpoch);
        await _store.CreateJobAsync(job, default);

        await _harness.Bus.Publish(new JobAccepted(jobId, "synthetic", 10, maxFailedUnits));

        Assert.That(await _saga.Exists(jobId, machine => machine.Submitted), Is.Not.Null);
        return jobId;
    }
}
