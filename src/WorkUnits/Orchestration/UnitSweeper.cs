using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkUnits.Contracts;
using WorkUnits.Hosting;
using WorkUnits.Storage;

namespace WorkUnits.Orchestration;

/// <summary>
/// Hands out the next attempt of every unit whose retry is due. The delay lives in the store, not in the
/// broker, so it survives a restart and needs no broker plugin: each tick claims the due units, which moves them
/// to their next attempt, and sends them to the workers. A unit claimed but not sent because the broker failed
/// stays pending and is sent again when the orchestrator resumes the job.
/// </summary>
internal sealed class UnitSweeper : BackgroundService
{
    private static readonly Uri UnitsQueue = new($"queue:{WorkUnitsQueues.Units}");

    private readonly IWorkUnitStore _store;
    private readonly IBus _bus;
    private readonly TimeProvider _timeProvider;
    private readonly OrchestratorOptions _options;
    private readonly ILogger<UnitSweeper> _logger;

    public UnitSweeper(
        IWorkUnitStore store,
        IBus bus,
        TimeProvider timeProvider,
        IOptions<OrchestratorOptions> options,
        ILogger<UnitSweeper> logger)
    {
        _store = store;
        _bus = bus;
        _timeProvider = timeProvider;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Claims and sends due units until none are left; returns how many were sent.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var sent = 0;
        while (true)
        {
            var due = await _store.ClaimDueUnitsAsync(_timeProvider.GetUtcNow(), _options.SweepBatchSize, cancellationToken);
            if (due.Count == 0)
            {
                return sent;
            }

            var endpoint = await _bus.GetSendEndpoint(UnitsQueue);
            await Task.WhenAll(due.Select(unit => endpoint.Send(
                new ExecuteUnit(unit.JobId, unit.JobType, unit.UnitIndex, unit.Attempt, unit.Payload),
                cancellationToken)));

            sent += due.Count;
            Log.RetriesDispatched(_logger, due.Count);
            if (due.Count < _options.SweepBatchSize)
            {
                return sent;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.SweepInterval, _timeProvider);

        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // A store or broker outage: the due units stay in the store and the next tick tries again.
                Log.SweepFailed(_logger, exception, _options.SweepInterval);
            }
        }
    }
}
