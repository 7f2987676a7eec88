using MassTransit;
using WorkUnits.Contracts;
using WorkUnits.Storage;

namespace WorkUnits.Orchestration;

/// <summary>
/// Records unit outcomes; a message is acknowledged only once its outcome is in the store. A failure that may be
/// retried carries the time its next attempt is due; the store retries it only while the unit has attempts left.
/// </summary>
internal sealed class RecordOutcomeConsumer : IConsumer<UnitCompleted>, IConsumer<UnitFailed>
{
    private readonly OutcomeRecorder _recorder;
    private readonly RetryBackoff _backoff;

    public RecordOutcomeConsumer(OutcomeRecorder recorder, RetryBackoff backoff)
    {
        _recorder = recorder;
        _backoff = backoff;
    }

    public Task Consume(ConsumeContext<UnitCompleted> context)
    {
        var message = context.Message;
        var outcome = new UnitOutcome(
            message.JobId,
            message.UnitIndex,
            message.Attempt,
            Succeeded: true,
            message.Result,
            ErrorType: null,
            ErrorMessage: null,
            Fingerprint: null);

        return _recorder.RecordAsync(outcome, context.CancellationToken);
    }

    public Task Consume(ConsumeContext<UnitFailed> context)
    {
        var message = context.Message;
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
        if (!message.Permanent)
        {
            outcome = outcome with { RetryAt = _backoff.NextAttemptAt(message.Attempt) };
        }

        return _recorder.RecordAsync(outcome, context.CancellationToken);
    }
}
