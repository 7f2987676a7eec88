using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkUnits.Contracts;
using WorkUnits.Hosting;
using WorkUnits.Jobs;
using WorkUnits.JobTypes;
using WorkUnits.Storage;

namespace WorkUnits.Workers;

/// <summary>
/// Runs one unit and reports its outcome to the orchestrator through the worker's <see cref="OutcomeSender"/>,
/// which batches it with the outcomes of other units. The message is acknowledged only after the broker has
/// confirmed the batch carrying its outcome, so a worker that dies mid-unit leaves the unit to be redelivered. A
/// copy of a unit that has already ended, or of a unit whose job was cancelled or failed, is skipped without running
/// the handler, and a running unit is cancelled when its job ends. A message that keeps coming back from workers that
/// stopped while holding it is given up by the <see cref="RedeliveryGuard"/>.
/// </summary>
internal sealed class ExecuteUnitConsumer : IConsumer<ExecuteUnit>
{
    /// <summary>The error type reported for an attempt the worker cancelled at the end of its lease.</summary>
    public const string TimedOutErrorType = "WorkUnits.UnitTimedOut";

    private readonly IWorkUnitStore _store;
    private readonly JobTypeRegistry _jobTypes;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _timeProvider;
    private readonly RunningUnits _running;
    private readonly RedeliveryGuard _redeliveryGuard;
    private readonly OutcomeSender _outcomes;
    private readonly ILogger<ExecuteUnitConsumer> _logger;

    public ExecuteUnitConsumer(
        IWorkUnitStore store,
        JobTypeRegistry jobTypes,
        IServiceProvider services,
        TimeProvider timeProvider,
        RunningUnits running,
        OutcomeSender outcomes,
        IOptions<WorkerOptions> options,
        ILogger<ExecuteUnitConsumer> logger)
    {
        _store = store;
        _jobTypes = jobTypes;
        _services = services;
        _timeProvider = timeProvider;
        _running = running;
        _redeliveryGuard = new RedeliveryGuard(options.Value.MaxRedeliveries);
        _outcomes = outcomes;
        _logger = logger;
    }

    public async Task Consume(ConsumeContext<ExecuteUnit> context)
    {
        var unit = context.Message;
        if (_running.HasEnded(unit.JobId))
        {
            Log.JobEndedSkipping(_logger, unit.JobId, unit.UnitIndex);
            return;
        }

        if (await HasEndedAsync(unit, context.CancellationToken))
        {
            Log.UnitAlreadyEnded(_logger, unit.JobId, unit.UnitIndex);
            return;
        }

        var redelivery = await _redeliveryGuard.CheckAsync(context);
        if (redelivery.Action == RedeliveryAction.SentAgain)
        {
            Log.UnitRedelivered(_logger, unit.JobId, unit.UnitIndex, redelivery.Redeliveries);
            return;
        }

        if (redelivery.Action == RedeliveryAction.GiveUp)
        {
            Log.UnitRedeliveriesExhausted(_logger, unit.JobId, unit.UnitIndex, unit.Attempt, redelivery.Redeliveries);
            await _outcomes.SendAsync(
                new UnitFailed(
                    unit.JobId,
                    unit.UnitIndex,
                    unit.Attempt,
                    RedeliveryGuard.GaveUpErrorType,
                    redelivery.Reason!,
                    ErrorFingerprint.Of(RedeliveryGuard.GaveUpErrorType, unit.JobType)),
                context.CancellationToken);
            return;
        }

        if (!_jobTypes.TryGet(unit.JobType, out var jobType))
        {
            Log.UnknownJobType(_logger, unit.JobId, unit.UnitIndex, unit.JobType);
            var errorType = "WorkUnits.UnknownJobType";
            await _outcomes.SendAsync(
                new UnitFailed(
                    unit.JobId,
                    unit.UnitIndex,
                    unit.Attempt,
                    errorType,
                    $"No worker handler is registered for job type '{unit.JobType}'.",
                    ErrorFingerprint.Of(errorType, unit.JobType)),
                context.CancellationToken);
            return;
        }

        using var lease = StartLease(unit);
        using var running = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lease.Token);
        using var registration = _running.Start(unit.JobId, running);
        if (registration is null)
        {
            Log.JobEndedSkipping(_logger, unit.JobId, unit.UnitIndex);
            return;
        }

        var unitContext = new UnitContext(
            unit.JobId,
            unit.UnitIndex,
            unit.Attempt,
            running.Token,
            unit.Checkpoint,
            (checkpoint, token) =>
                _store.SaveCheckpointAsync(unit.JobId, unit.UnitIndex, unit.Attempt, checkpoint, token));
        string result;
        try
        {
            result = await jobType.HandleAsync(_services, unit.Payload, unitContext);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (registration.JobEnded)
        {
            // The job was cancelled or failed: its outcome no longer matters and nobody waits for it.
            Log.UnitCancelledWithJob(_logger, unit.JobId, unit.UnitIndex);
            return;
        }
        catch (OperationCanceledException) when (lease.IsCancellationRequested)
        {
            Log.UnitTimedOut(_logger, unit.JobId, unit.UnitIndex, unit.Attempt, unit.UnitTimeout!.Value);
            await _outcomes.SendAsync(
                new UnitFailed(
                    unit.JobId,
                    unit.UnitIndex,
                    unit.Attempt,
                    TimedOutErrorType,
                    $"The attempt timed out: it was still running after {unit.UnitTimeout}.",
                    ErrorFingerprint.Of(TimedOutErrorType, unit.JobType)),
                context.CancellationToken);
            return;
        }
        catch (Exception exception)
        {
            Log.UnitAttemptFailed(_logger, exception, unit.JobId, unit.UnitIndex, unit.Attempt);
            await _outcomes.SendAsync(
                new UnitFailed(
                    unit.JobId,
                    unit.UnitIndex,
                    unit.Attempt,
                    exception.GetType().FullName ?? exception.GetType().Name,
                    exception.Message,
                    ErrorFingerprint.Of(exception))
                {
                    Permanent = exception is IPermanentUnitFailure,
                },
                context.CancellationToken);
            return;
        }

        await _outcomes.SendAsync(
            new UnitCompleted(unit.JobId, unit.UnitIndex, unit.Attempt, result),
            context.CancellationToken);
    }

    /// <summary>
    /// Asks the store whether the unit's attempt is already over. When the store cannot answer (a database outage),
    /// the unit runs anyway: the store applies only the current attempt's outcome, so running it is safe, and it
    /// keeps the message out of the error queue.
    /// </summary>
    private async Task<bool> HasEndedAsync(ExecuteUnit unit, CancellationToken cancellationToken)
    {
        try
        {
            return await EndedUnitLookup.For(_store).HasEndedAsync(unit.JobId, unit.UnitIndex, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.StoreCheckFailed(_logger, exception, unit.JobId, unit.UnitIndex);
            return false;
        }
    }

    /// <summary>A token cancelled once the unit's timeout has passed from now; never for no timeout.</summary>
    private CancellationTokenSource StartLease(ExecuteUnit unit) =>
        unit.UnitTimeout is { } timeout
            ? new CancellationTokenSource(timeout, _timeProvider)
            : new CancellationTokenSource();
}
