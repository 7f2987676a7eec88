using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkUnits.Contracts;
using WorkUnits.Hosting;

namespace WorkUnits.Workers;

/// <summary>
/// Runs a unit that came in a message of its own and reports its outcome; the message is acknowledged only after
/// the outcome has been sent, so a worker that dies mid-unit leaves the unit to be redelivered. A copy of a unit
/// that has already ended, or whose job was cancelled or failed, is dropped without running the handler. A message
/// that keeps coming back from workers that stopped while holding it is given up by the
/// <see cref="RedeliveryGuard"/>; a copy that came back and runs resumes from the latest checkpoint in the store.
/// </summary>
internal sealed class ExecuteUnitConsumer : IConsumer<ExecuteUnit>
{
    private readonly UnitRunner _runner;
    private readonly RedeliveryGuard _redeliveryGuard;
    private readonly ILogger<ExecuteUnitConsumer> _logger;

    public ExecuteUnitConsumer(UnitRunner runner, IOptions<WorkerOptions> options, ILogger<ExecuteUnitConsumer> logger)
    {
        _runner = runner;
        _redeliveryGuard = new RedeliveryGuard(options.Value.MaxRedeliveries);
        _logger = logger;
    }

    public async Task Consume(ConsumeContext<ExecuteUnit> context)
    {
        var unit = context.Message;
        if (await _runner.HasEndedAsync(unit, context.CancellationToken))
        {
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
            await _runner.ReportFailedAsync(
                unit,
                RedeliveryGuard.GaveUpErrorType,
                redelivery.Reason!,
                context.CancellationToken);
            return;
        }

        var cameBack = redelivery.CameBack || context.ReceiveContext.Redelivered;
        await _runner.RunAsync(unit, cameBack, context.CancellationToken);
    }
}
