using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkUnits.Contracts;
using WorkUnits.Hosting;
using WorkUnits.Storage;
using WorkUnits.Workers;

namespace WorkUnits.Orchestration;

/// <summary>
/// Keeps time for the orchestrator, from the store, so that every delay survives a restart and needs no broker
/// plugin. Each tick it declares attempts whose lease has run out lost (the worker vanished or the message was
/// lost), hands out the next attempt of every unit whose retry is due, fails jobs past their deadline, and publishes
/// again the final roll-up of a job whose units have all ended but that is still running a tick later.
/// </summary>
internal sealed class UnitSweeper : BackgroundService
{
    /// <summary>The error type recorded for an attempt whose lease ended without an outcome.</summary>
    public const string LeaseExpiredErrorType = "WorkUnits.LeaseExpired";

    private readonly IWorkUnitStore _store;
    private readonly OutcomeRecorder _recorder;
    private readonly JobDispatcher _dispatcher;
    private readonly RetryBackoff _backoff;
    private readonly IBus _bus;
    private readonly UnitSender _sender;
    private readonly TimeProvider _timeProvider;
    private readonly OrchestratorOptions _options;
    private readonly ILogger<UnitSweeper> _logger;

    // The jobs the previous sweep found still active with every unit ended.
    private HashSet<Guid> _endedButActive = [];

    public UnitSweeper(
        IWorkUnitStore store,
        OutcomeRecorder recorder,
        JobDispatcher dispatcher,
        RetryBackoff backoff,
        IBus bus,
        UnitSender sender,
        TimeProvider timeProvider,
        IOptions<OrchestratorOptions> options,
        ILogger<UnitSweeper> logger)
    {
        _store = store;
        _recorder = recorder;
        _dispatcher = dispatcher;
        _backoff = backoff;
        _bus = bus;
        _sender = sender;
        _timeProvider = timeProvider;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>One sweep: lost attempts, due retries, deadlines, lost final roll-ups, then dispatch windows.</summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        await ExpireLeasesAsync(cancellationToken);
        await DispatchDueUnitsAsync(cancellationToken);
        await FailJobsPastDeadlineAsync(cancellationToken);
        await RepublishFinalRollUpsAsync(cancellationToken);
        await _dispatcher.ResyncWindowsAsync(cancellationToken);
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
                // A store or broker outage: everything the sweep needs is still in the store for the next tick.
                Log.SweepFailed(_logger, exception, _options.SweepInterval);
            }
        }
    }

    /// <summary>
    /// Records a lost attempt as a failure of that attempt, through the recorder like any reported outcome: it is
    /// retried while the unit has attempts left, and a real outcome that arrives first wins, since only the
    /// current attempt of a pending unit is applied.
    /// </summary>
    private async Task ExpireLeasesAsync(CancellationToken cancellationToken)
    {
        var expiredBy = _timeProvider.GetUtcNow() - _options.LeaseGracePeriod;
        var expired = await _store.ListExpiredLeasesAsync(expiredBy, _options.SweepBatchSize, cancellationToken);
        if (expired.Count == 0)
        {
            return;
        }

        var fingerprint = ErrorFingerprint.Of(LeaseExpiredErrorType, string.Empty);
        await Task.WhenAll(expired.Select(lease => _recorder.RecordAsync(
            new UnitOutcome(
                lease.JobId,
                lease.UnitIndex,
                lease.Attempt,
                Succeeded: false,
                Result: null,
                LeaseExpiredErrorType,
                "No outcome arrived before the attempt's lease ended; the worker stopped or the message was lost.",
                fingerprint)
            {
                RetryAt = _backoff.NextAttemptAt(lease.Attempt),
            },
            cancellationToken)));

        Log.LeasesExpired(_logger, expired.Count);
    }

    private async Task DispatchDueUnitsAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var due = await _store.ClaimDueUnitsAsync(
                _timeProvider.GetUtcNow(),
                _options.SweepBatchSize,
                cancellationToken);
            if (due.Count == 0)
            {
                return;
            }

            // A claimed unit that is not sent because the broker fails stays pending; its lease brings it back.
            var units = due.Select(unit =>
                new ExecuteUnit(unit.JobId, unit.JobType, unit.UnitIndex, unit.Attempt, unit.Payload)
                {
                    LeaseExpiresAt = unit.LeaseExpiresAt,
                    UnitTimeout = unit.UnitTimeout,
                    Checkpoint = unit.Checkpoint,
                });
            await _sender.SendAsync(units, cancellationToken);

            Log.RetriesDispatched(_logger, due.Count);
            if (due.Count < _options.SweepBatchSize)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Publishes the final roll-up again for every job that is still active although its split has completed and
    /// every unit has ended, if the previous sweep found it so too: the saga normally moves such a job on to
    /// finalizing within moments, so one that stays is one whose final roll-up never took effect. That happens when
    /// the roll-up reached the saga while it still held the job as completed or failed, because the saga's answer to
    /// a retry-failed request was being retried (the store already had the job running and its re-run units ended),
    /// or when a roll-up was lost with an orchestrator. The counts are the store's and the saga ignores the copy once
    /// the job has moved on, so a duplicate is harmless.
    /// </summary>
    private async Task RepublishFinalRollUpsAsync(CancellationToken cancellationToken)
    {
        var jobs = await _store.ListJobsWithAllUnitsEndedAsync(cancellationToken);
        var foundBefore = _endedButActive;
        _endedButActive = [.. jobs.Select(job => job.JobId)];

        foreach (var job in jobs.Where(job => foundBefore.Contains(job.JobId)))
        {
            Log.FinalRollUpRepublished(_logger, job.JobId, job.State.ToName(), job.Succeeded, job.Failed);
            await _bus.Publish(
                new JobProgressed(job.JobId, job.Succeeded, job.Failed, AllUnitsEnded: true),
                cancellationToken);
        }
    }

    private async Task FailJobsPastDeadlineAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        foreach (var job in await _store.ListJobsPastDeadlineAsync(now, cancellationToken))
        {
            await _bus.Publish(new JobDeadlinePassed(job.JobId, job.DeadlineAt!.Value), cancellationToken);
        }
    }
}
