using MassTransit;
using WorkUnits.Contracts;
using WorkUnits.Storage;

namespace WorkUnits.Orchestration;

/// <summary>
/// Records unit outcomes, one per <see cref="UnitCompleted"/> or <see cref="UnitFailed"/> message or many per
/// <see cref="UnitsEnded"/> batch; a message is acknowledged only once all its outcomes are in the store. A
/// failure that may be retried carries the time its next attempt is due; the store retries it only while the
/// unit has attempts left.
/// </summary>
internal sealed class RecordOutcomeConsumer :
    IConsumer<UnitCompleted>,
    IConsumer<UnitFailed>,
    IConsumer<UnitsEnded>
{
    private readonly OutcomeRecorder _recorder;
    private readonly RetryBackoff _backoff;

    public RecordOutcomeConsumer(OutcomeRecorder recorder, RetryBackoff backoff)
    {
        _recorder = recorder;
        _backoff = backoff;
    }

    public Task Consume(ConsumeContext<UnitCompleted> context) =>
        _recorder.RecordAsync(ToOutcome(context.Message), context.CancellationToken);

    public Task Consume(ConsumeContext<UnitFailed> context) =>
        _recorder.RecordAsync(ToOutcome(context.Message), context.CancellationToken);

    public Task Consume(ConsumeContext<UnitsEnded> context)
    {
        // A producer outside .NET may leave out a list that it has nothing for.
        var batch = context.Message;
        var completed = batch.Completed ?? [];
        var failed = batch.Failed ?? [];
        var outcomes = completed.Select(ToOutcome).Concat(failed.Select(ToOutcome));

        // Every outcome joins the recorder's next batches at once; a duplicate is fenced by the store.
        return Task.WhenAll(outcomes.Select(outcome => _recorder.RecordAsync(outcome, context.CancellationToken)));
    }

    private static UnitOutcome ToOutcome(UnitCompleted message) =>
        new(
            message.JobId,
            message.UnitIndex,
            message.Attempt,
            Succeeded: true,
            message.Result,
            ErrorType: null,
            ErrorMessage: null,
            Fingerprint: null);

    private UnitOutcome ToOutcome(UnitFailed message)
    {
        var outcome = new UnitOutcome(
            message.JobId,
            message.UnitIndex,
            message.Attempt,
            Succeeded: false,
            Result: null,
            message.ErrorType,
            message.ErrorMessage,
            message.Fingerprint);

        // The orchestrator decides about retries, in one place: the worker only says whether one could help.
        return message.Permanent ? outcome : outcome with { RetryAt = _backoff.NextAttemptAt(message.Attempt) };
    }
}
