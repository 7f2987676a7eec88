using MassTransit;
using Microsoft.Extensions.Logging;
using WorkUnits.Contracts;
using WorkUnits.JobTypes;
using WorkUnits.Jobs;
using WorkUnits.Storage;

namespace WorkUnits.Orchestration;

/// <summary>Runs a job's finalizer over its stored unit results and reports the job's result.</summary>
internal sealed class FinalizeJobConsumer : IConsumer<FinalizeJob>
{
    private readonly IWorkUnitStore _store;
    private readonly JobTypeRegistry _jobTypes;
    private readonly IServiceProvider _services;
    private readonly ILogger<FinalizeJobConsumer> _logger;

    public FinalizeJobConsumer(
        IWorkUnitStore store,
        JobTypeRegistry jobTypes,
        IServiceProvider services,
        ILogger<FinalizeJobConsumer> logger)
    {
        _store = store;
        _jobTypes = jobTypes;
        _services = services;
        _logger = logger;
    }

    public async Task Consume(ConsumeContext<FinalizeJob> context)
    {
        var jobId = context.Message.JobId;
        var job = await _store.GetJobAsync(jobId, context.CancellationToken);
        if (job is null || job.State != JobState.Finalizing)
        {
            return;
        }

        if (!_jobTypes.TryGet(job.JobType, out var jobType))
        {
            await context.Publish(
                new JobFinalizationFailed(jobId, $"Job type '{job.JobType}' is not registered here."));
            return;
        }

        Log.Finalizing(_logger, jobId);
        var finalizeContext = new FinalizeContext(
            jobId,
            job.Dispatched,
            job.Succeeded,
            job.Failed,
            context.CancellationToken);

        try
        {
            var results = _store.ReadResultsAsync(jobId, context.CancellationToken);
            var result = await jobType.FinalizeAsync(_services, job.Parameters, results, finalizeContext);
            await context.Publish(new JobFinalized(jobId, result));
        }
        catch (Exception exception) when (!context.CancellationToken.IsCancellationRequested)
        {
            Log.FinalizerFailed(_logger, exception, jobId);
            var reason = $"{exception.GetType().Name}: {exception.Message}";
            await context.Publish(new JobFinalizationFailed(jobId, reason));
        }
    }
}
