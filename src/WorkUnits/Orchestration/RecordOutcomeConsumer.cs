using MassTransit;
using WorkUnits.Contracts;
using WorkUnits.Storage;

namespace WorkUnits.Orchestration;

/// <summary>Records unit outcomes; a message is acknowledged only once its outcome is in the store.</summary>
internal sealed class RecordOutcomeConsumer : IConsumer<UnitCompleted>, IConsumer<UnitFailed>
{
    private readonly OutcomeRecorder _recorder;

    public RecordOutcomeConsumer(OutcomeRecorder recorder) => _recorder = recorder;

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

        return _recorder.RecordAsync(outcome, context.CancellationToken);
    }
}
