using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using WorkUnits.Contracts;
using WorkUnits.Hosting;
using WorkUnits.JobTypes;
using WorkUnits.Orchestration;
using WorkUnits.Storage;

namespace WorkUnits.Tests.Orchestration;

/// <summary>
/// The orchestrator's outcome consumer on MassTransit's in-memory harness, with the real outcome recorder and the
/// in-memory store: a batch is consumed (and would be acknowledged) only once all its outcomes are recorded.
/// </summary>
[TestFixture]
public sealed class RecordOutcomeConsumerTests
{
    private static readonly OrchestratorOptions Options = new() { RetryBaseDelay = TimeSpan.FromSeconds(2) };

    private FakeTimeProvider _time = null!;
    private InMemoryWorkUnitStore _store = null!;
    private ServiceProvider _services = null!;
    private ITestHarness _harness = null!;
    private OutcomeRecorder _recorder = null!;

    [SetUp]
    public async Task StartHarnessAsync()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        _store = new InMemoryWorkUnitStore(_time);
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(_time)
            .AddSingleton<IWorkUnitStore>(_store)
            .AddSingleton(new JobTypeRegistry())
            .AddSingleton(Microsoft.Extensions.Options.Options.Create(Options))
            .AddSingleton(new RetryBackoff(Options, _time, () => 0))
            .AddSingleton<UnitSender>()
            .AddSingleton<JobDispatcher>()
            .AddSingleton<OutcomeRecorder>()
            .AddMassTransitTestHarness(bus => bus.AddConsumer<RecordOutcomeConsumer>())
            .BuildServiceProvider(validateScopes: true);
        _harness = _services.GetRequiredService<ITestHarness>();
        _recorder = _services.GetRequiredService<OutcomeRecorder>();
        await _recorder.StartAsync(CancellationToken.None);
        await _harness.Start();
    }

    [TearDown]
    public async Task StopHarnessAsync()
    {
        await _harness.Stop();
        await _recorder.StopAsync(CancellationToken.None);
        _recorder.Dispose();
        await _services.DisposeAsync();
    }

    [Test]
    public async Task Consume_BatchOfSuccessesAndFailures_RecordsEveryOutcomeAndSchedulesTheRetry()
    {
        var jobId = await CreateJobAsync(units: 4);
        var batch = new UnitsEnded(
            [Completed(jobId, 0), Completed(jobId, 1)],
            [Failed(jobId, 2), Failed(jobId, 3) with { Permanent = true }]);

        await _harness.Bus.Publish(batch);
        var consumed = await ConsumedAsync<UnitsEnded>(1);

        var job = await _store.GetJobAsync(jobId, CancellationToken.None);
        var retryDue = _time.GetUtcNow() + Options.RetryBaseDelay;
        var dueTooEarly = await _store.ClaimDueUnitsAsync(retryDue.AddTicks(-1), 10, CancellationToken.None);
        var due = await _store.ClaimDueUnitsAsync(retryDue, 10, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(consumed.Single().Exception, Is.Null);
            Assert.That((job!.Succeeded, job.Failed), Is.EqualTo((2L, 1L)));
            Assert.That(dueTooEarly, Is.Empty);
            Assert.That(due.Select(unit => (unit.UnitIndex, unit.Attempt)).Single(), Is.EqualTo((2L, 2)));
        });
    }

    [Test]
    public async Task Consume_SameBatchTwiceWithADuplicateInside_CountsEachUnitOnce()
    {
        var jobId = await CreateJobAsync(units: 3);
        var batch = new UnitsEnded(
            [Completed(jobId, 0), Completed(jobId, 1), Completed(jobId, 1)],
            [Failed(jobId, 2) with { Permanent = true }, Failed(jobId, 2) with { Permanent = true }]);

        await _harness.Bus.Publish(batch);
        await _harness.Bus.Publish(batch);
        var consumed = await ConsumedAsync<UnitsEnded>(2);

        var job = await _store.GetJobAsync(jobId, CancellationToken.None);
        Assert.That(consumed.Select(message => message.Exception), Has.All.Null);
        Assert.That((job!.Succeeded, job.Failed), Is.EqualTo((2L, 1L)));
    }

    [Test]
    public async Task Consume_SingleMessagesAfterABatch_StillRecordedAndFenced()
    {
        var jobId = await CreateJobAsync(units: 2);

        await _harness.Bus.Publish(new UnitsEnded([Completed(jobId, 0)], []));
        await ConsumedAsync<UnitsEnded>(1);
        await _harness.Bus.Publish(Completed(jobId, 0));
        await _harness.Bus.Publish(Completed(jobId, 1));
        var consumedSingles = await ConsumedAsync<UnitCompleted>(2);

        var job = await _store.GetJobAsync(jobId, CancellationToken.None);
        Assert.That(consumedSingles.Select(message => message.Exception), Has.All.Null);
        Assert.That((job!.Succeeded, job.Failed), Is.EqualTo((2L, 0L)));
    }

    /// <summary>
    /// Waits until the consumer has finished this many messages of the type, faulted or not, or the harness's
    /// test timeout has passed; returns those it finished.
    /// </summary>
    private async Task<List<IReceivedMessage<T>>> ConsumedAsync<T>(int count)
        where T : class
    {
        var consumed = new List<IReceivedMessage<T>>();
        var consumer = _harness.GetConsumerHarness<RecordOutcomeConsumer>();
        await foreach (var message in consumer.Consumed.SelectAsync<T>())
        {
            consumed.Add(message);
            if (consumed.Count == count)
            {
                break;
            }
        }

        Assert.That(consumed, Has.Count.EqualTo(count), $"the consumer did not finish {count} {typeof(T).Name}");
        return consumed;
    }

    private async Task<Guid> CreateJobAsync(int units)
    {
        var jobId = Guid.NewGuid();
        await _store.CreateJobAsync(
            new NewJob(jobId, "test", "{}", MaxInFlight: 100, MaxFailedUnits: 100, _time.GetUtcNow())
            {
                MaxAttempts = 3,
            },
            CancellationToken.None);
        await _store.AppendUnitsAsync(
            jobId,
            firstIndex: 0,
            [.. Enumerable.Range(0, units).Select(index => $"{index}")],
            cursor: null,
            splitCompleted: true,
            CancellationToken.None);
        return jobId;
    }

    private static UnitCompleted Completed(Guid jobId, long unitIndex) => new(jobId, unitIndex, 1, "\"done\"");

    private static UnitFailed Failed(Guid jobId, long unitIndex) =>
        new(jobId, unitIndex, 1, "System.IO.IOException", "flaky", "fingerprint");
}
