using System.Collections.Concurrent;
using System.Threading.Channels;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkUnits.Contracts;
using WorkUnits.Hosting;
using WorkUnits.Storage;

namespace WorkUnits.Orchestration;

/// <summary>
/// Records unit outcomes in batches: outcomes that arrive while a batch is being written wait and go into
/// the next one, so under load one store transaction carries hundreds of outcomes, and when idle an outcome
/// is written at once. Job counts reach the saga as roll-ups at most once per progress interval per job, and
/// at once when a job's last unit ends.
/// </summary>
internal sealed class OutcomeRecorder : BackgroundService
{
    private readonly Channel<PendingOutcome> _pending = Channel.CreateUnbounded<PendingOutcome>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<Guid, JobProgress> _unpublished = new();
    private readonly IWorkUnitStore _store;
    private readonly JobDispatcher _dispatcher;
    private readonly IBus _bus;
    private readonly TimeProvider _timeProvider;
    private readonly OrchestratorOptions _options;
    private readonly ILogger<OutcomeRecorder> _logger;

    public OutcomeRecorder(
        IWorkUnitStore store,
        JobDispatcher dispatcher,
        IBus bus,
        TimeProvider timeProvider,
        IOptions<OrchestratorOptions> options,
        ILogger<OutcomeRecorder> logger)
    {
        _store = store;
        _dispatcher = dispatcher;
        _bus = bus;
        _timeProvider = timeProvider;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Completes once the outcome is durably recorded; fails when its batch could not be written.</summary>
    public Task RecordAsync(UnitOutcome outcome, CancellationToken cancellationToken)
    {
        var pending = new PendingOutcome(outcome);
        if (!_pending.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The outcome recorder has stopped.");
        }

        return pending.Written.WaitAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(WriteBatchesAsync(stoppingToken), PublishProgressAsync(stoppingToken));

    private async Task WriteBatchesAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingOutcome>(_options.RecordBatchSize);

        while (await _pending.Reader.WaitToReadAsync(stoppingToken))
        {
            batch.Clear();
            while (batch.Count < _options.RecordBatchSize && _pending.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            await WriteBatchAsync(batch, stoppingToken);
        }
    }

    private async Task WriteBatchAsync(List<PendingOutcome> batch, CancellationToken stoppingToken)
    {
        IReadOnlyList<JobProgress> progress;
        try
        {
            progress = await _store.RecordOutcomesAsync(batch.ConvertAll(pending => pending.Outcome), stoppingToken);
        }
        catch (Exception exception)
        {
            Log.RecordFailed(_logger, exception, batch.Count);
            batch.ForEach(pending => pending.MarkFailed(exception));
            return;
        }

        batch.ForEach(pending => pending.MarkWritten());

        foreach (var job in progress)
        {
            _dispatcher.OnUnitsEnded(job.JobId, job.NewlyEnded);
            if (job.AllUnitsEnded && job.NewlyEnded > 0)
            {
                _unpublished.TryRemove(job.JobId, out _);
                await PublishAsync(job, stoppingToken);
            }
            else if (job.NewlyEnded > 0)
            {
                _unpublished.AddOrUpdate(job.JobId, job, (_, known) => Newer(known, job));
            }
        }
    }

    private async Task PublishProgressAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.ProgressInterval, _timeProvider);

        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var jobId in _unpublished.Keys)
            {
                if (_unpublished.TryRemove(jobId, out var job))
                {
                    await PublishAsync(job, stoppingToken);
                }
            }
        }
    }

    private async Task PublishAsync(JobProgress job, CancellationToken stoppingToken)
    {
        try
        {
            await _bus.Publish(
                new JobProgressed(job.JobId, job.Succeeded, job.Failed, job.AllUnitsEnded),
                stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.ProgressPublishFailed(_logger, exception, job.JobId);
            _unpublished.AddOrUpdate(job.JobId, job, (_, known) => Newer(known, job));
        }
    }

    private static JobProgress Newer(JobProgress known, JobProgress candidate) =>
        candidate.Succeeded + candidate.Failed >= known.Succeeded + known.Failed ? candidate : known;
}
