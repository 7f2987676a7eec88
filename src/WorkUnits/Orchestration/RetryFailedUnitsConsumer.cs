using MassTransit;
using WorkUnits.Contracts;
using WorkUnits.Storage;

namespace WorkUnits.Orchestration;

/// <summary>
/// Answers a request to run a job's failed units again: refused unless the job has ended completed or failed with
/// failed units; otherwise the job saga is asked to reset them and run the job again.
/// </summary>
internal sealed class RetryFailedUnitsConsumer : IConsumer<RetryFailedUnits>
{
    private readonly IWorkUnitStore _store;

    public RetryFailedUnitsConsumer(IWorkUnitStore store) => _store = store;

    public async Task Consume(ConsumeContext<RetryFailedUnits> context)
    {
        var jobId = context.Message.JobId;
        var job = await _store.GetJobAsync(jobId, context.CancellationToken);
        if (job is null)
        {
            await context.RespondAsync(new JobNotFound(jobId));
            return;
        }

        if (job.State is not (JobState.Completed or JobState.Failed))
        {
            await context.RespondAsync(new RetryRefused(
                jobId,
                $"The job is {job.State.ToName()}; only a completed or failed job's units can run again."));
            return;
        }

        if (job.Failed == 0)
        {
            await context.RespondAsync(new RetryRefused(jobId, "The job has no failed units."));
            return;
        }

        await context.Publish(new JobRetryRequested(jobId));
        await context.RespondAsync(new FailedUnitsRetrying(jobId, job.Failed));
    }
}
