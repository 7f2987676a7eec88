using System.Text.Json;
using MassTransit;
using WorkUnits.Contracts;
using WorkUnits.Storage;

namespace WorkUnits.Orchestration;

/// <summary>Answers status, list and error requests from the store, which holds the exact unit counts.</summary>
internal sealed class JobQueryConsumer : IConsumer<GetJobStatus>, IConsumer<ListJobs>, IConsumer<GetJobErrors>
{
    private const int MaxPageSize = 1_000;
    private const int MaxErrorGroups = 100;

    private readonly IWorkUnitStore _store;

    public JobQueryConsumer(IWorkUnitStore store) => _store = store;

    public async Task Consume(ConsumeContext<GetJobStatus> context)
    {
        var job = await _store.GetJobAsync(context.Message.JobId, context.CancellationToken);

        if (job is null)
        {
            await context.RespondAsync(new JobNotFound(context.Message.JobId));
            return;
        }

        await context.RespondAsync(ToStatus(job));
    }

    public async Task Consume(ConsumeContext<ListJobs> context)
    {
        var request = context.Message;
        JobState? state = request.State is null ? null
            : JobStates.TryParse(request.State, out var parsed) ? parsed
            : throw new ArgumentException($"'{request.State}' is not a job state.", nameof(context));

        var query = new JobListQuery(
            state,
            request.JobType,
            Math.Clamp(request.Limit, 1, MaxPageSize),
            Math.Max(request.Offset, 0));
        var jobs = await _store.ListJobsAsync(query, context.CancellationToken);

        await context.RespondAsync(new JobList(jobs.Select(ToStatus).ToList()));
    }

    public async Task Consume(ConsumeContext<GetJobErrors> context)
    {
        var jobId = context.Message.JobId;
        if (await _store.GetJobAsync(jobId, context.CancellationToken) is null)
        {
            await context.RespondAsync(new JobNotFound(jobId));
            return;
        }

        var limit = Math.Clamp(context.Message.Limit, 1, MaxErrorGroups);
        var groups = await _store.ListErrorGroupsAsync(jobId, limit, context.CancellationToken);

        await context.RespondAsync(new JobErrors(jobId, groups.Select(ToErrorGroup).ToList()));
    }

    internal static JobErrorGroup ToErrorGroup(ErrorGroup group) =>
        new(group.Fingerprint, group.ErrorType, group.Count, group.SampleMessage, group.LastFailedAt);

    internal static JobStatus ToStatus(JobRecord job) => new()
    {
        JobId = job.JobId,
        JobType = job.JobType,
        State = job.State.ToName(),
        Total = job.Total,
        Dispatched = job.Dispatched,
        Succeeded = job.Succeeded,
        Failed = job.Failed,
        Result = job.Result is null ? null : JsonSerializer.Deserialize<JsonElement>(job.Result),
        Reason = job.Reason,
        CreatedAt = job.CreatedAt,
        EndedAt = job.EndedAt,
    };
}
