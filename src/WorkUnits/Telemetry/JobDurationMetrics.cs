using MassTransit;
using WorkUnits.Contracts;
using WorkUnits.Storage;

namespace WorkUnits.Telemetry;

/// <summary>
/// Records a job's duration, from acceptance to its final state, when the orchestrator announces the end.
/// </summary>
internal sealed class JobDurationMetrics : IPublishObserver
{
    private readonly IWorkUnitStore _store;

    public JobDurationMetrics(IWorkUnitStore store) => _store = store;

    public Task PrePublish<T>(PublishContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostPublish<T>(PublishContext<T> context)
        where T : class => context.Message switch
        {
            JobCompleted completed => RecordAsync(completed.JobId, "completed"),
            JobFailed failed => RecordAsync(failed.JobId, "failed"),
            JobCancelled cancelled => RecordAsync(cancelled.JobId, "cancelled"),
            _ => Task.CompletedTask,
        };

    public Task PublishFault<T>(PublishContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;

    private async Task RecordAsync(Guid jobId, string state)
    {
        var job = await _store.GetJobAsync(jobId, CancellationToken.None);
        if (job?.EndedAt is not { } endedAt)
        {
            return;
        }

        WorkUnitsTelemetry.JobDuration.Record(
            (endedAt - job.CreatedAt).TotalSeconds,
            new KeyValuePair<string, object?>(WorkUnitsTelemetry.JobTypeTag, job.JobType),
            new KeyValuePair<string, object?>("workunits.job_state", state));
    }
}
