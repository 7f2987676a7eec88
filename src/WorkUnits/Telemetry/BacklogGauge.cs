using Microsoft.Extensions.Hosting;
using WorkUnits.Storage;

namespace WorkUnits.Telemetry;

/// <summary>
/// Reports the backlog: units dispatched and not yet ended, over every unfinished job, whether they wait in
/// the work-unit queue or are running. Sampled from the store every few seconds, not on each read.
/// </summary>
internal sealed class BacklogGauge : BackgroundService
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(5);

    private readonly IWorkUnitStore _store;
    private readonly TimeProvider _timeProvider;
    private long _backlog;

    public BacklogGauge(IWorkUnitStore store, TimeProvider timeProvider)
    {
        _store = store;
        _timeProvider = timeProvider;
        WorkUnitsTelemetry.Meter.CreateObservableGauge(
            "workunits.units.backlog",
            () => Interlocked.Read(ref _backlog),
            "{unit}",
            "Units dispatched and not yet ended, queued or running.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SampleInterval, _timeProvider);
        do
        {
            try
            {
                var jobs = await _store.ListUnfinishedJobsAsync(stoppingToken);
                Interlocked.Exchange(ref _backlog, jobs.Sum(job => job.Dispatched - job.Succeeded - job.Failed));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The store is unreachable; the gauge keeps its last value and health checks report the outage.
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
