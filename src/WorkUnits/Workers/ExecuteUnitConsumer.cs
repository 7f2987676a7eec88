using MassTransit;
using Microsoft.Extensions.Logging;
using WorkUnits.Contracts;
using WorkUnits.JobTypes;
using WorkUnits.Jobs;
using WorkUnits.Storage;

namespace WorkUnits.Workers;

/// <summary>
/// Runs one unit and reports its outcome to the orchestrator. The message is acknowledged only after the
/// outcome has been sent, so a worker that dies mid-unit leaves the unit to be redelivered. A copy of a
/// unit that has already ended is skipped without running the handler.
/// </summary>
internal sealed class ExecuteUnitConsumer : IConsumer<ExecuteUnit>
{
    private static readonly Uri OutcomesQueue = new($"queue:{WorkUnitsQueues.Outcomes}");

    private readonly IWorkUnitStore _store;
    private readonly JobTypeRegistry _jobTypes;
    private readonly IServiceProvider _services;
    private readonly ILogger<ExecuteUnitConsumer> _logger;

    public ExecuteUnitConsumer(
        IWorkUnitStore store,
        JobTypeRegistry jobTypes,
        IServiceProvider services,
        ILogger<ExecuteUnitConsumer> logger)
    {
        _store = store;
        _jobTypes = jobTypes;
        _services = services;
        _logger = logger;
    }

    public async Task Consume(ConsumeContext<ExecuteUnit> context)
    {
        var unit = context.Message;
        var ended = await _store.FindEndedUnitsAsync(unit.JobId, [unit.UnitIndex], context.CancellationToken);
        if (ended.Count > 0)
        {
            Log.UnitAlreadyEnded(_logger, unit.JobId, unit.UnitIndex);
            return;
        }

        var outcomes = await context.GetSendEndpoint(OutcomesQueue);

        if (!_jobTypes.TryGet(unit.JobType, out var jobType))
        {
            Log.UnknownJobType(_logger, unit.JobId, unit.UnitIndex, unit.JobType);
            var errorType = "WorkUnits.UnknownJobType";
            await outcomes.Send(
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

        var unitContext = new UnitContext(unit.JobId, unit.UnitIndex, unit.Attempt, context.CancellationToken);
        string result;
        try
        {
            result = await jobType.HandleAsync(_services, unit.Payload, unitContext);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            Log.UnitAttemptFailed(_logger, exception, unit.JobId, unit.UnitIndex, unit.Attempt);
            await outcomes.Send(
                new UnitFailed(
                    unit.JobId,
                    unit.UnitIndex,
                    unit.Attempt,
                    exception.GetType().FullName ?? exception.GetType().Name,
                    exception.Message,
                    ErrorFingerprint.Of(exception)) { Permanent = exception is IPermanentUnitFailure },
                context.CancellationToken);
            return;
        }

        await outcomes.Send(
            new UnitCompleted(unit.JobId, unit.UnitIndex, unit.Attempt, result),
            context.CancellationToken);
    }
}
