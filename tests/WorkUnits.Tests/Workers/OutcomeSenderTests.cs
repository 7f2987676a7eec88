using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using WorkUnits.Contracts;
using WorkUnits.Workers;

namespace WorkUnits.Tests.Workers;

/// <summary>
/// The worker's outcome batching on MassTransit's in-memory harness: a send observer holds each
/// <see cref="UnitsEnded"/> send until the test releases it, so "while a batch is in flight" is a state the test
/// controls instead of a race.
/// </summary>
[TestFixture]
public sealed class OutcomeSenderTests
{
    private static readonly long[] FirstBatch = [0];
    private static readonly long[] SecondBatchCompleted = [1, 3];
    private static readonly long[] SecondBatchFailed = [2, 4];
    private static readonly int[] CappedBatchSizes = [1, 2, 2, 1];
    private static readonly long[] KeptUnits = [0, 2];

    private ServiceProvider _services = null!;
    private ITestHarness _harness = null!;
    private HeldSends _held = null!;
    private ConnectHandle _observer = null!;

    [SetUp]
    public async Task StartHarnessAsync()
    {
        _services = new ServiceCollection()
            .AddMassTransitTestHarness()
            .BuildServiceProvider(validateScopes: true);
        _harness = _services.GetRequiredService<ITestHarness>();
        await _harness.Start();
        _held = new HeldSends();
        _observer = _harness.Bus.ConnectSendObserver(_held);
    }

    [TearDown]
    public async Task StopHarnessAsync()
    {
        _observer.Dispose();
        await _harness.Stop();
        await _services.DisposeAsync();
    }

    [Test]
    public async Task SendAsync_OutcomesEndWhileABatchIsInFlight_SendsThemTogetherOnceThatBatchIsConfirmed()
    {
        var sender = NewSender(batchSize: 200);
        var jobId = Guid.NewGuid();

        var first = sender.SendAsync(Completed(jobId, 0), CancellationToken.None);
        await _held.FirstSendStarted;
        Task[] later =
        [
            sender.SendAsync(Completed(jobId, 1), CancellationToken.None),
            sender.SendAsync(Failed(jobId, 2), CancellationToken.None),
            sender.SendAsync(Completed(jobId, 3), CancellationToken.None),
            sender.SendAsync(Failed(jobId, 4), CancellationToken.None),
        ];
        var waitingWhileHeld = later.Prepend(first).Count(task => !task.IsCompleted);
        _held.Release();
        await Task.WhenAll(later.Prepend(first));

        var batches = SentBatches();
        Assert.Multiple(() =>
        {
            Assert.That(waitingWhileHeld, Is.EqualTo(5), "no caller completes before its batch is confirmed");
            Assert.That(batches, Has.Count.EqualTo(2));
            Assert.That(batches[0].Completed.Select(outcome => outcome.UnitIndex), Is.EqualTo(FirstBatch));
            Assert.That(batches[0].Failed, Is.Empty);
            Assert.That(batches[1].Completed.Select(outcome => outcome.UnitIndex), Is.EqualTo(SecondBatchCompleted));
            Assert.That(batches[1].Failed.Select(outcome => outcome.UnitIndex), Is.EqualTo(SecondBatchFailed));
        });
    }

    [Test]
    public async Task SendAsync_MoreWaitingThanTheBatchSize_SplitsThemIntoBatchesOfAtMostThatSize()
    {
        var sender = NewSender(batchSize: 2);
        var jobId = Guid.NewGuid();

        var first = sender.SendAsync(Completed(jobId, 0), CancellationToken.None);
        await _held.FirstSendStarted;
        var later = Enumerable.Range(1, 5)
            .Select(index => sender.SendAsync(Completed(jobId, index), CancellationToken.None))
            .ToList();
        _held.Release();
        await Task.WhenAll(later.Prepend(first));

        var sizes = SentBatches().Select(batch => batch.Completed.Count + batch.Failed.Count);
        Assert.That(sizes, Is.EqualTo(CappedBatchSizes));
    }

    [Test]
    public async Task SendAsync_TheBatchSendFails_FailsEveryCallerInItAndTheNextBatchStillGoes()
    {
        var sender = NewSender(batchSize: 200);
        var jobId = Guid.NewGuid();
        var refusal = new InvalidOperationException("The broker refused the batch.");

        var first = sender.SendAsync(Completed(jobId, 0), CancellationToken.None);
        await _held.FirstSendStarted;
        _held.Fail(refusal);
        var failure = Assert.ThrowsAsync<InvalidOperationException>(() => first);
        _held.Release();
        await sender.SendAsync(Completed(jobId, 1), CancellationToken.None);

        Assert.That(failure, Is.SameAs(refusal));
        Assert.That(SentBatches().Single().Completed.Single().UnitIndex, Is.EqualTo(1));
    }

    [Test]
    public async Task SendAsync_SeveralCallersInAFailedBatch_FailsEachOfThem()
    {
        var sender = NewSender(batchSize: 200);
        var jobId = Guid.NewGuid();
        var refusal = new InvalidOperationException("The broker refused the batch.");

        var first = sender.SendAsync(Completed(jobId, 0), CancellationToken.None);
        await _held.FirstSendStarted;
        Task[] secondBatch =
        [
            sender.SendAsync(Completed(jobId, 1), CancellationToken.None),
            sender.SendAsync(Failed(jobId, 2), CancellationToken.None),
        ];
        _held.Fail(refusal);

        Assert.ThrowsAsync<InvalidOperationException>(() => first);
        foreach (var caller in secondBatch)
        {
            Assert.That(Assert.ThrowsAsync<InvalidOperationException>(() => caller), Is.SameAs(refusal));
        }

        Assert.That(SentBatches(), Is.Empty);
    }

    [Test]
    public async Task SendAsync_CallerCancelledWhileWaiting_StopsWaitingAndItsOutcomeIsLeftOut()
    {
        var sender = NewSender(batchSize: 200);
        var jobId = Guid.NewGuid();
        using var cancellation = new CancellationTokenSource();

        var first = sender.SendAsync(Completed(jobId, 0), CancellationToken.None);
        await _held.FirstSendStarted;
        var cancelled = sender.SendAsync(Completed(jobId, 1), cancellation.Token);
        var kept = sender.SendAsync(Completed(jobId, 2), CancellationToken.None);
        await cancellation.CancelAsync();
        Assert.CatchAsync<OperationCanceledException>(() => cancelled);
        _held.Release();
        await Task.WhenAll(first, kept);

        var sent = SentBatches().SelectMany(batch => batch.Completed).Select(outcome => outcome.UnitIndex);
        Assert.That(sent, Is.EqualTo(KeptUnits));
    }

    private OutcomeSender NewSender(int batchSize) =>
        new(_harness.Bus, batchSize, NullLogger<OutcomeSender>.Instance);

    private List<UnitsEnded> SentBatches() =>
        [
            .. _harness.Sent.Select<UnitsEnded>()
                .Where(sent => sent.Exception is null)
                .Select(sent => sent.Context.Message),
        ];

    private static UnitCompleted Completed(Guid jobId, long unitIndex) => new(jobId, unitIndex, 1, "\"done\"");

    private static UnitFailed Failed(Guid jobId, long unitIndex) =>
        new(jobId, unitIndex, 1, "System.IO.IOException", "flaky", "fingerprint");

    /// <summary>Holds every <see cref="UnitsEnded"/> send until released, or makes it fail.</summary>
    private sealed class HeldSends : ISendObserver
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task FirstSendStarted => _started.Task;

        /// <summary>Lets held and later sends through.</summary>
        public void Release()
        {
            var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            open.SetResult();
            Interlocked.Exchange(ref _gate, open).TrySetResult();
        }

        /// <summary>Fails held sends, and later ones until <see cref="Release"/>.</summary>
        public void Fail(Exception exception)
        {
            var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            failed.SetException(exception);
            Interlocked.Exchange(ref _gate, failed).TrySetException(exception);
        }

        public Task PreSend<T>(SendContext<T> context)
            where T : class
        {
            if (context.Message is not UnitsEnded)
            {
                return Task.CompletedTask;
            }

            _started.TrySetResult();
            return Volatile.Read(ref _gate).Task;
        }

        public Task PostSend<T>(SendContext<T> context)
            where T : class => Task.CompletedTask;

        public Task SendFault<T>(SendContext<T> context, Exception exception)
            where T : class => Task.CompletedTask;
    }
}
