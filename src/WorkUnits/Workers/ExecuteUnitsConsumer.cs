using MassTransit;
using Microsoft.Extensions.Logging;
using WorkUnits.Contracts;

namespace WorkUnits.Workers;

/// <summary>
/// Runs the units of a batch side by side, within the worker's concurrency, and acknowledges the batch once every
/// outcome has been sent. A unit that has already ended, or whose job was cancelled or failed, is skipped. A batch
/// that comes back from a worker that stopped while holding it is split: each of its units goes back to the queue
/// on its own, counted as returned once, so that the <see cref="RedeliveryGuard"/> can tell a unit that crashes its
/// worker from the units that merely came back with it.
/// </summary>
internal sealed class ExecuteUnitsConsumer : IConsumer<ExecuteUnits>
{
    private readonly UnitRunner _runner;
    private readonly ILogger<ExecuteUnitsConsumer> _logger;

    public ExecuteUnitsConsumer(UnitRunner runner, ILogger<ExecuteUnitsConsumer> logger)
    {
        _runner = runner;
        _logger = logger;
    }

    public async Task Consume(ConsumeContext<ExecuteUnits> context)
    {
        if (context.ReceiveContext.Redelivered)
        {
            await RedeliveryGuard.SendEachAgainAsync(context);
            Log.BatchRedelivered(_logger, context.Message.Units.Count);
            return;
        }

        await Task.WhenAll(context.Message.Units.Select(unit => RunAsync(unit, context.CancellationToken)));
    }

    private async Task RunAsync(ExecuteUnit unit, CancellationToken cancellationToken)
    {
        if (!await _runner.HasEndedAsync(unit, cancellationToken))
        {
            await _runner.RunAsync(unit, cancellationToken);
        }
    }
}
