using System.Diagnostics;
using System.Collections.Concurrent;
using System.Threading.Channels;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkUnits.Contracts;
using WorkUnits.Hosting;
using WorkUnits.JobTypes;
using WorkUnits.Storage;
using WorkUnits.Telemetry;

namespace WorkUnits.Orchestration;

/// <summary>
/// Splits jobs and hands their units to workers, keeping at most a job's <c>MaxInFlight</c> units out at once
/// and refilling the window as units end. Units are stored together with the splitter's cursor before they
/// are sent, so a restarted orchestrator resumes the split exactly after the last stored unit.
/// </summary>
internal sealed class JobDispatcher : BackgroundService
{
    private static readonly TimeSpan RecoveryDelay = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<Guid, DispatchingJob> _jobs = new();
    private readonly Channel<Guid> _wakeUps =
        Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IWorkUnitStore _store;
    private readonly JobTypeRegistry _jobTypes;
    private readonly IServiceScopeFactory _scopes;
    private readonly IBus _bus;
    private readonly UnitSender _sender;
    private readonly OrchestratorOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<JobDispatcher> _logger;

    public JobDispatcher(
        IWorkUnitStore store,
        JobTypeRegistry jobTypes,
        IServiceScopeFactory scopes,
        IBus bus,
        UnitSender sender,
        IOptions<OrchestratorOptions> options,
        TimeProvider timeProvider,
        ILogger<JobDispatcher> logger)
    {
        _store = store;
        _jobTypes = jobTypes;
        _scopes = scopes;
        _bus = bus;
        _sender = sender;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Starts splitting a stored job; does nothing when it is already being split or has ended.</summary>
    public async Task StartJobAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var job = await _store.GetJobAsync(jobId, cancellationToken);
        if (job is null || job.State.IsFinal() || job.SplitCompleted || _jobs.ContainsKey(jobId))
        {
            return;
        }

        if (Register(job))
        {
            if (_jobs.TryGetValue(jobId, out var registered))
            {
                registered.TraceContext = Activity.Current?.Context ?? default;
            }

            await _bus.Publish(new JobSplitStarted(jobId), cancellationToken);
            Log.SplitStarted(_logger, jobId, job.JobType);
        }
    }

    /// <summary>Stops handing out a job's units, for a job that was cancelled or failed.</summary>
    public async Task StopJobAsync(Guid jobId)
    {
        if (_jobs.TryRemove(jobId, out var job))
        {
            await job.DisposeAsync();
        }
    }

    /// <summary>
    /// Re-reads the in-flight count of every job this dispatcher is splitting from the store and refills their
    /// windows. Outcomes recorded by another orchestrator process never reach <see cref="OnUnitsEnded"/> here, so
    /// without this a job's window could stay full; the sweeper calls it on every tick.
    /// </summary>
    public async Task ResyncWindowsAsync(CancellationToken cancellationToken)
    {
        foreach (var job in _jobs.Values)
        {
            var record = await _store.GetJobAsync(job.JobId, cancellationToken);
            if (record is null || record.State.IsFinal())
            {
                continue;
            }

            job.SetInFlight(Math.Max(0, record.Dispatched - record.Succeeded - record.Failed));
            WakeUp(job);
        }
    }

    /// <summary>Frees window slots of a job whose units have ended, and refills them.</summary>
    public void OnUnitsEnded(Guid jobId, long count)
    {
        if (count > 0 && _jobs.TryGetValue(jobId, out var job))
        {
            job.AddInFlight(-count);
            WakeUp(job);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await ResumeUnfinishedJobsAsync(stoppingToken);

        await foreach (var jobId in _wakeUps.Reader.ReadAllAsync(stoppingToken))
        {
            if (!_jobs.TryGetValue(jobId, out var job))
            {
                continue;
            }

            try
            {
                await DispatchAsync(job, stoppingToken);
            }
            catch (OperationCanceledException)
                when (job.Stopped.IsCancellationRequested || stoppingToken.IsCancellationRequested)
            {
                // The job was stopped or the host is stopping; what was stored is resumed from the store.
            }
            catch (SplitterFailedException exception)
            {
                Log.SplitterFailed(_logger, exception.InnerException!, job.JobId);
                await StopJobAsync(job.JobId);
                await _bus.Publish(new JobSplitFailed(job.JobId, exception.Message), stoppingToken);
            }
            catch (Exception exception)
            {
                Log.DispatchInterrupted(_logger, exception, job.JobId, RecoveryDelay);
                await StopJobAsync(job.JobId);
                _ = RecoverAfterDelayAsync(job.JobId, stoppingToken);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);

        foreach (var jobId in _jobs.Keys)
        {
            await StopJobAsync(jobId);
        }
    }

    private async Task DispatchAsync(DispatchingJob job, CancellationToken stoppingToken)
    {
        job.ClearWakePending();

        while (!job.Stopped.IsCancellationRequested)
        {
            var room = job.MaxInFlight - job.InFlight;
            if (room <= 0)
            {
                return;
            }

            var batch = new List<SplitItem>((int)Math.Min(room, _options.DispatchBatchSize));
            var exhausted = false;
            while (batch.Count < batch.Capacity)
            {
                if (!await MoveNextAsync(job.Split))
                {
                    exhausted = true;
                    break;
                }

                batch.Add(job.Split.Current);
            }

            await DispatchBatchAsync(job, batch, exhausted, stoppingToken);
            if (exhausted)
            {
                return;
            }
        }
    }

    private async Task DispatchBatchAsync(
        DispatchingJob job,
        List<SplitItem> batch,
        bool exhausted,
        CancellationToken stoppingToken)
    {
        var firstIndex = job.NextIndex;
        var payloads = batch.ConvertAll(item => item.Payload);
        var cursor = batch.Count > 0 ? batch[^1].Cursor : null;
        using var activity = WorkUnitsTelemetry.Source.StartActivity(
            "dispatch " + job.JobType.Name,
            ActivityKind.Producer,
            job.TraceContext);
        activity?.SetTag(WorkUnitsTelemetry.JobIdTag, job.JobId).SetTag("workunits.units", batch.Count);

        var progress = await _store.AppendUnitsAsync(job.JobId, firstIndex, payloads, cursor, exhausted, stoppingToken);
        job.NextIndex += batch.Count;
        job.AddInFlight(batch.Count);

        var leaseExpiresAt = _timeProvider.GetUtcNow() + job.UnitTimeout;
        var messages = payloads.Select((payload, offset) =>
            new ExecuteUnit(job.JobId, job.JobType.Name, firstIndex + offset, Attempt: 1, payload)
            {
                LeaseExpiresAt = leaseExpiresAt,
                UnitTimeout = job.UnitTimeout,
            });
        await _sender.SendAsync(messages, stoppingToken);

        if (exhausted)
        {
            await CompleteSplitAsync(job, progress, stoppingToken);
        }
    }

    private async Task CompleteSplitAsync(DispatchingJob job, JobProgress progress, CancellationToken stoppingToken)
    {
        _jobs.TryRemove(job.JobId, out _);
        await job.DisposeAsync();

        await _bus.Publish(new JobSplitCompleted(job.JobId, progress.Dispatched), stoppingToken);
        Log.SplitCompleted(_logger, job.JobId, progress.Dispatched);

        // Outcomes recorded before the split was marked complete could not know they were the last ones.
        if (progress.AllUnitsEnded)
        {
            await _bus.Publish(
                new JobProgressed(job.JobId, progress.Succeeded, progress.Failed, AllUnitsEnded: true),
                stoppingToken);
        }
    }

    private static async Task<bool> MoveNextAsync(IAsyncEnumerator<SplitItem> split)
    {
        try
        {
            return await split.MoveNextAsync();
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception exception)
        {
            throw new SplitterFailedException(exception);
        }
    }

    /// <summary>
    /// After a store or broker error, starts the job again from what the store holds: the split resumes at
    /// the stored cursor and stored units whose messages may not have been sent are sent again.
    /// </summary>
    private async Task RecoverAfterDelayAsync(Guid jobId, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(RecoveryDelay, _timeProvider, stoppingToken);

                var job = await _store.GetJobAsync(jobId, stoppingToken);
                if (job is null || job.State.IsFinal() || job.SplitCompleted)
                {
                    return;
                }

                await ResendPendingUnitsAsync(job, stoppingToken);
                Register(job);
                Log.SplitResumed(_logger, jobId, job.Dispatched);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                Log.DispatchInterrupted(_logger, exception, jobId, RecoveryDelay);
            }
        }
    }

    /// <summary>
    /// Picks up every job a previous orchestrator left unfinished: resumes its split at the stored cursor and
    /// sends its outstanding units again, since their messages may not have reached the broker. Workers skip
    /// a unit that has already ended and the store counts each unit once, so a second copy is harmless.
    /// </summary>
    private async Task ResumeUnfinishedJobsAsync(CancellationToken stoppingToken)
    {
        foreach (var job in await _store.ListUnfinishedJobsAsync(stoppingToken))
        {
            if (!_jobTypes.TryGet(job.JobType, out _) || job.State == JobState.Finalizing)
            {
                continue;
            }

            await ResendPendingUnitsAsync(job, stoppingToken);

            if (!job.SplitCompleted)
            {
                Register(job);
                Log.SplitResumed(_logger, job.JobId, job.Dispatched);
            }
            else
            {
                var ended = job.Succeeded + job.Failed >= job.Dispatched;
                await _bus.Publish(new JobProgressed(job.JobId, job.Succeeded, job.Failed, ended), stoppingToken);
            }
        }
    }

    /// <summary>
    /// Sends every pending unit of a job again, each as its current attempt and with the checkpoint it last saved, so
    /// that a long unit whose worker stopped as well resumes from there instead of starting from scratch.
    /// </summary>
    private async Task ResendPendingUnitsAsync(JobRecord job, CancellationToken stoppingToken)
    {
        const int PageSize = 1_000;
        var after = -1L;

        while (true)
        {
            var pending = await _store.ListPendingUnitsAsync(job.JobId, after, PageSize, stoppingToken);
            if (pending.Count == 0)
            {
                return;
            }

            var leaseExpiresAt = _timeProvider.GetUtcNow() + job.UnitTimeout;
            var messages = pending.Select(unit =>
                new ExecuteUnit(job.JobId, job.JobType, unit.UnitIndex, unit.Attempt, unit.Payload)
                {
                    LeaseExpiresAt = leaseExpiresAt,
                    UnitTimeout = job.UnitTimeout,
                    Checkpoint = unit.Checkpoint,
                });
            await _sender.SendAsync(messages, stoppingToken);
            after = pending[^1].UnitIndex;
        }
    }

    private bool Register(JobRecord job)
    {
        if (!_jobTypes.TryGet(job.JobType, out var jobType))
        {
            return false;
        }

        var dispatching = new DispatchingJob(
            job.JobId,
            jobType,
            job.Parameters,
            job.Cursor,
            job.MaxInFlight,
            nextIndex: job.Dispatched,
            inFlight: job.Dispatched - job.Succeeded - job.Failed,
            _scopes.CreateScope())
        {
            UnitTimeout = job.UnitTimeout,
        };

        if (!_jobs.TryAdd(job.JobId, dispatching))
        {
            // Nothing was opened yet: disposing only releases the scope and the token source.
            dispatching.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return false;
        }

        WakeUp(dispatching);
        return true;
    }

    private void WakeUp(DispatchingJob job)
    {
        if (job.TryMarkWakePending())
        {
            _wakeUps.Writer.TryWrite(job.JobId);
        }
    }
}
