using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkUnits.Contracts;
using WorkUnits.Hosting;
using WorkUnits.JobTypes;
using WorkUnits.Jobs;
using WorkUnits.Storage;
using WorkUnits.Telemetry;

namespace WorkUnits.Workers;

/// <summary>
/// Runs a worker's unit attempts, whichever message brought them, at most <see cref="WorkerOptions.Concurrency"/>
/// at once, and reports each outcome through the <see cref="OutcomeSender"/>. A run completes once its outcome has
/// been sent, so the message that brought the unit may be acknowledged then. A running unit is cancelled when its
/// job ends or its timeout passes.
/// </summary>
internal sealed class UnitRunner : IDisposable
{
    /// <summary>The error type reported for an attempt the worker cancelled at the end of its lease.</summary>
    public const string TimedOutErrorType = "WorkUnits.UnitTimedOut";

    private const string UnknownJobTypeErrorType = "WorkUnits.UnknownJobType";

    private readonly IWorkUnitStore _store;
    private readonly JobTypeRegistry _jobTypes;
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _timeProvider;
    private readonly RunningUnits _running;
    private readonly OutcomeSender _outcomes;
    private readonly SemaphoreSlim _slots;
    private readonly ILogger<UnitRunner> _logger;

    public UnitRunner(
        IWorkUnitStore store,
        JobTypeRegistry jobTypes,
        IServiceScopeFactory scopes,
        TimeProvider timeProvider,
        RunningUnits running,
        OutcomeSender outcomes,
        IOptions<WorkerOptions> options,
        ILogger<UnitRunner> logger)
    {
        _store = store;
        _jobTypes = jobTypes;
        _scopes = scopes;
        _timeProvider = timeProvider;
        _running = running;
        _outcomes = outcomes;
        _slots = new SemaphoreSlim(options.Value.Concurrency);
        _logger = logger;
    }

    /// <summary>
    /// True when the unit's attempt must not run: its job was cancelled or failed, or the unit has already ended.
    /// When the store cannot answer (a database outage) the unit runs anyway: the store applies only the current
    /// attempt's outcome, so running it is safe, and it keeps the message out of the error queue.
    /// </summary>
    public async Task<bool> HasEndedAsync(ExecuteUnit unit, CancellationToken cancellationToken)
    {
        if (_running.HasEnded(unit.JobId))
        {
            Log.JobEndedSkipping(_logger, unit.JobId, unit.UnitIndex);
            return true;
        }

        bool ended;
        try
        {
            ended = await EndedUnitLookup.For(_store).HasEndedAsync(unit.JobId, unit.UnitIndex, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.StoreCheckFailed(_logger, exception, unit.JobId, unit.UnitIndex);
            return false;
        }

        if (ended)
        {
            Log.UnitAlreadyEnded(_logger, unit.JobId, unit.UnitIndex);
        }

        return ended;
    }

    /// <summary>Waits for a free slot, runs the attempt and sends its outcome.</summary>
    public Task RunAsync(ExecuteUnit unit, CancellationToken cancellationToken) =>
        RunAsync(unit, cameBack: false, cancellationToken);

    /// <summary>
    /// Waits for a free slot, runs the attempt and sends its outcome. A unit whose message
    /// <paramref name="cameBack"/> after a worker stopped while holding it first reads the attempt's latest
    /// checkpoint from the store, since the handler that ran it before may have saved checkpoints after the message
    /// was sent; a unit on its first delivery runs with the message's checkpoint and costs no store query.
    /// </summary>
    public async Task RunAsync(ExecuteUnit unit, bool cameBack, CancellationToken cancellationToken)
    {
        using var scope = _logger.BeginScope(new Dictionary<string, object>
        {
            ["JobId"] = unit.JobId,
            ["UnitIndex"] = unit.UnitIndex,
            ["Attempt"] = unit.Attempt,
        });

        await _slots.WaitAsync(cancellationToken);
        try
        {
            if (cameBack)
            {
                unit = await WithLatestCheckpointAsync(unit, cancellationToken);
            }

            await RunInSlotAsync(unit, cancellationToken);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>Reports the attempt failed without running it; a later attempt may still succeed.</summary>
    public Task ReportFailedAsync(
        ExecuteUnit unit,
        string errorType,
        string message,
        CancellationToken cancellationToken) =>
        _outcomes.SendAsync(
            new UnitFailed(
                unit.JobId,
                unit.UnitIndex,
                unit.Attempt,
                errorType,
                message,
                ErrorFingerprint.Of(errorType, unit.JobType)),
            cancellationToken);

    public void Dispose() => _slots.Dispose();

    private async Task RunInSlotAsync(ExecuteUnit unit, CancellationToken cancellationToken)
    {
        if (!_jobTypes.TryGet(unit.JobType, out var jobType))
        {
            Log.UnknownJobType(_logger, unit.JobId, unit.UnitIndex, unit.JobType);
            await ReportFailedAsync(
                unit,
                UnknownJobTypeErrorType,
                $"No worker handler is registered for job type '{unit.JobType}'.",
                cancellationToken);
            return;
        }

        using var activity = WorkUnitsTelemetry.Source.StartActivity("run " + unit.JobType);
        activity?
            .SetTag(WorkUnitsTelemetry.JobIdTag, unit.JobId)
            .SetTag(WorkUnitsTelemetry.UnitIndexTag, unit.UnitIndex)
            .SetTag(WorkUnitsTelemetry.JobTypeTag, unit.JobType);
        var jobTypeTag = new KeyValuePair<string, object?>(WorkUnitsTelemetry.JobTypeTag, unit.JobType);
        WorkUnitsTelemetry.UnitsStarted.Add(1, jobTypeTag);
        WorkUnitsTelemetry.UnitsInFlight.Add(1, jobTypeTag);
        var started = _timeProvider.GetTimestamp();
        try
        {
            await RunHandlerAsync(unit, jobType, cancellationToken);
        }
        finally
        {
            WorkUnitsTelemetry.UnitsInFlight.Add(-1, jobTypeTag);
            WorkUnitsTelemetry.UnitDuration.Record(_timeProvider.GetElapsedTime(started).TotalSeconds, jobTypeTag);
        }
    }

    private async Task RunHandlerAsync(ExecuteUnit unit, JobTypeRuntime jobType, CancellationToken cancellationToken)
    {
        using var lease = StartLease(unit);
        using var running = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Token);
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
            await using var services = _scopes.CreateAsyncScope();
            result = await jobType.HandleAsync(services.ServiceProvider, unit.Payload, unitContext);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
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
            await ReportFailedAsync(
                unit,
                TimedOutErrorType,
                $"The attempt timed out: it was still running after {unit.UnitTimeout}.",
                cancellationToken);
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
                cancellationToken);
            return;
        }

        await _outcomes.SendAsync(
            new UnitCompleted(unit.JobId, unit.UnitIndex, unit.Attempt, result),
            cancellationToken);
    }

    /// <summary>
    /// The unit with the checkpoint its attempt last saved in the store. When the store cannot answer (a database
    /// outage) the unit keeps the message's checkpoint: that one is older, but a checkpoint is only ever a hint.
    /// </summary>
    private async Task<ExecuteUnit> WithLatestCheckpointAsync(ExecuteUnit unit, CancellationToken cancellationToken)
    {
        string? stored;
        try
        {
            stored = await _store.ReadCheckpointAsync(unit.JobId, unit.UnitIndex, unit.Attempt, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.CheckpointReadFailed(_logger, exception, unit.JobId, unit.UnitIndex, unit.Attempt);
            return unit;
        }

        if (stored is null || stored == unit.Checkpoint)
        {
            return unit;
        }

        Log.CheckpointRefreshed(_logger, unit.JobId, unit.UnitIndex, unit.Attempt);
        return unit with { Checkpoint = stored };
    }

    /// <summary>A token cancelled once the unit's timeout has passed from now; never for no timeout.</summary>
    private CancellationTokenSource StartLease(ExecuteUnit unit) =>
        unit.UnitTimeout is { } timeout
            ? new CancellationTokenSource(timeout, _timeProvider)
            : new CancellationTokenSource();
}
