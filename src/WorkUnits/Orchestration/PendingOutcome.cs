using WorkUnits.Storage;

namespace WorkUnits.Orchestration;

/// <summary>An outcome waiting for its batch to be written; the consumer awaits it before acknowledging.</summary>
internal sealed class PendingOutcome
{
    private readonly TaskCompletionSource _written = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PendingOutcome(UnitOutcome outcome) => Outcome = outcome;

    public UnitOutcome Outcome { get; }

    public Task Written => _written.Task;

    public void MarkWritten() => _written.TrySetResult();

    public void MarkFailed(Exception exception) => _written.TrySetException(exception);
}
