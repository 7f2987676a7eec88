using System.Globalization;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using WorkUnits.Orchestration;
using WorkUnits.Storage;

namespace WorkUnits.Web.Api;

/// <summary>
/// The job API under <c>/api/jobs</c>. It reads from the store, where the orchestrator keeps exact counts, and acts
/// through <see cref="WorkUnitsClient"/>, so actions take the same path as from the command line.
/// </summary>
internal static class JobsApi
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 1_000;
    private const int DefaultErrorGroups = 10;
    private const int MaxErrorGroups = 100;
    private const int DefaultBuckets = 60;
    private const int MaxBuckets = 500;
    private const int MaxJobTypeLength = 200;
    private const int MaxReasonLength = 500;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var jobs = endpoints.MapGroup("/api/jobs").WithTags("Jobs");

        var reads = jobs.MapGroup(string.Empty).AddEndpointFilter(new TokenFilter(TokenUse.Read));
        reads.MapGet("/", ListJobsAsync)
            .WithName("ListJobs")
            .WithSummary("Lists jobs, newest first; filter by state and type, page with limit and offset.");
        reads.MapGet("/{jobId}", GetJobAsync)
            .WithName("GetJob")
            .WithSummary("One job's state and progress: counts, in flight, percent, rate and ETA.");
        reads.MapGet("/{jobId}/errors", GetErrorsAsync)
            .WithName("GetJobErrors")
            .WithSummary("A job's failed units grouped by error fingerprint, with a sample message each.");
        reads.MapGet("/{jobId}/throughput", GetThroughputAsync)
            .WithName("GetJobThroughput")
            .WithSummary("Units ended per time slice over the job's life, for a throughput chart.");

        var actions = jobs.MapGroup(string.Empty).AddEndpointFilter(new TokenFilter(TokenUse.Action));
        actions.MapPost("/{jobId}/cancel", CancelAsync)
            .WithName("CancelJob")
            .WithSummary("Cancels a job that has not ended; needs the API token.");
        actions.MapPost("/{jobId}/retry-failed", RetryFailedAsync)
            .WithName("RetryFailedUnits")
            .WithSummary("Runs a completed or failed job's failed units again; needs the API token.");
    }

    private static async Task<Results<Ok<JobPage>, ValidationProblem>> ListJobsAsync(
        string? state,
        string? type,
        string? limit,
        string? offset,
        IWorkUnitStore store,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);

        JobState? stateFilter = null;
        if (!string.IsNullOrEmpty(state))
        {
            stateFilter = JobStates.TryParse(state, out var parsed) && !int.TryParse(state, out _) ? parsed : null;
            if (stateFilter is null)
            {
                problems["state"] = [$"'{state}' is not a job state; use one of {StateNames}."];
            }
        }

        if (type is { Length: > MaxJobTypeLength } || (type is not null && string.IsNullOrWhiteSpace(type)))
        {
            problems["type"] = [$"type must be a job type's name of 1 to {MaxJobTypeLength} characters."];
        }

        var pageSize = ParseCount("limit", limit, DefaultPageSize, 1, MaxPageSize, problems);
        var skip = ParseCount("offset", offset, 0, 0, int.MaxValue - MaxPageSize, problems);
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems, title: "The job list filters are not valid.");
        }

        // One more than asked tells whether there is a next page.
        var query = new JobListQuery(stateFilter, string.IsNullOrEmpty(type) ? null : type, pageSize + 1, skip);
        var records = await store.ListJobsAsync(query, cancellationToken);

        var now = timeProvider.GetUtcNow();
        var views = records.Take(pageSize).Select(job => JobView.From(job, now)).ToList();
        var next = records.Count > pageSize ? skip + pageSize : (int?)null;

        return TypedResults.Ok(new JobPage(views, pageSize, skip, next));
    }

    private static async Task<Results<Ok<JobView>, ValidationProblem, ProblemHttpResult>> GetJobAsync(
        string jobId,
        IWorkUnitStore store,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        if (!TryParseJobId(jobId, out var id, out var invalid))
        {
            return invalid;
        }

        var job = await store.GetJobAsync(id, cancellationToken);

        return job is null ? NotFound(id) : TypedResults.Ok(JobView.From(job, timeProvider.GetUtcNow()));
    }

    private static async Task<Results<Ok<ErrorGroupsView>, ValidationProblem, ProblemHttpResult>> GetErrorsAsync(
        string jobId,
        string? limit,
        IWorkUnitStore store,
        CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var groups = ParseCount("limit", limit, DefaultErrorGroups, 1, MaxErrorGroups, problems);
        if (!TryParseJobId(jobId, out var id, out var invalid))
        {
            return invalid;
        }

        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }

        if (await store.GetJobAsync(id, cancellationToken) is null)
        {
            return NotFound(id);
        }

        var found = await store.ListErrorGroupsAsync(id, groups, cancellationToken);

        return TypedResults.Ok(new ErrorGroupsView(id, [.. found.Select(JobQueryConsumer.ToErrorGroup)]));
    }

    private static async Task<Results<Ok<ThroughputView>, ValidationProblem, ProblemHttpResult>> GetThroughputAsync(
        string jobId,
        string? buckets,
        IWorkUnitStore store,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var count = ParseCount("buckets", buckets, DefaultBuckets, 1, MaxBuckets, problems);
        if (!TryParseJobId(jobId, out var id, out var invalid))
        {
            return invalid;
        }

        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }

        var job = await store.GetJobAsync(id, cancellationToken);
        if (job is null)
        {
            return NotFound(id);
        }

        var span = (job.EndedAt ?? timeProvider.GetUtcNow()) - job.CreatedAt;
        var seconds = (int)Math.Max(1, Math.Ceiling(span.TotalSeconds / count));
        var width = TimeSpan.FromSeconds(seconds);
        var ended = await store.CountEndedUnitsAsync(id, job.CreatedAt, width, cancellationToken);

        return TypedResults.Ok(new ThroughputView(id, seconds, Fill(job.CreatedAt, width, span, count, ended)));
    }

    private static async Task<Results<Accepted<ActionAccepted>, ValidationProblem, ProblemHttpResult>> CancelAsync(
        string jobId,
        CancelRequest? request,
        IWorkUnitStore store,
        WorkUnitsClient client,
        CancellationToken cancellationToken)
    {
        if (!TryParseJobId(jobId, out var id, out var invalid))
        {
            return invalid;
        }

        if (request?.Reason is { Length: > MaxReasonLength })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["reason"] = [$"reason is longer than {MaxReasonLength} characters."],
            });
        }

        var job = await store.GetJobAsync(id, cancellationToken);
        if (job is null)
        {
            return NotFound(id);
        }

        if (job.State.IsFinal())
        {
            return TypedResults.Problem(
                $"Job {id} has already ended: {job.State.ToName()}.",
                statusCode: StatusCodes.Status409Conflict);
        }

        await client.CancelAsync(id, request?.Reason ?? "cancelled through the HTTP API", cancellationToken);

        return TypedResults.Accepted(
            $"/api/jobs/{id}",
            new ActionAccepted(id, "Cancel requested; no unit starts after the orchestrator records it."));
    }

    private static async Task<Results<Accepted<ActionAccepted>, ValidationProblem, ProblemHttpResult>> RetryFailedAsync(
        string jobId,
        IWorkUnitStore store,
        WorkUnitsClient client,
        CancellationToken cancellationToken)
    {
        if (!TryParseJobId(jobId, out var id, out var invalid))
        {
            return invalid;
        }

        if (await store.GetJobAsync(id, cancellationToken) is null)
        {
            return NotFound(id);
        }

        try
        {
            var units = await client.RetryFailedAsync(id, cancellationToken);
            return TypedResults.Accepted(
                $"/api/jobs/{id}",
                new ActionAccepted(id, $"Running {units} failed units again."));
        }
        catch (WorkUnitsException refused)
        {
            // The orchestrator says why: the job has not ended, was cancelled, or has no failed units.
            return TypedResults.Problem(refused.Message, statusCode: StatusCodes.Status409Conflict);
        }
        catch (RequestTimeoutException)
        {
            return TypedResults.Problem(
                "The orchestrator did not answer in time; try again.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static List<ThroughputPoint> Fill(
        DateTimeOffset origin,
        TimeSpan width,
        TimeSpan span,
        int count,
        IReadOnlyList<ThroughputBucket> ended)
    {
        var slices = (int)Math.Clamp(Math.Ceiling(span / width), 1, count);
        var points = new ThroughputPoint[slices];
        for (var index = 0; index < slices; index++)
        {
            points[index] = new ThroughputPoint(origin + (width * index), 0, 0);
        }

        // A unit that ended a moment after the span was measured belongs to the last slice.
        foreach (var bucket in ended)
        {
            var index = (int)Math.Clamp(Math.Round((bucket.Start - origin) / width), 0, slices - 1);
            var point = points[index];
            points[index] = point with
            {
                Succeeded = point.Succeeded + bucket.Succeeded,
                Failed = point.Failed + bucket.Failed,
            };
        }

        return [.. points];
    }

    private static bool TryParseJobId(string text, out Guid jobId, out ValidationProblem problem)
    {
        problem = null!;
        if (Guid.TryParse(text, out jobId))
        {
            return true;
        }

        problem = TypedResults.ValidationProblem(new Dictionary<string, string[]>
        {
            ["jobId"] = [$"'{Shorten(text)}' is not a job id; job ids are GUIDs."],
        });
        return false;
    }

    private static int ParseCount(
        string name,
        string? text,
        int fallback,
        int min,
        int max,
        Dictionary<string, string[]> problems)
    {
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            && value >= min
            && value <= max)
        {
            return value;
        }

        problems[name] = [$"{name} must be a whole number from {min} to {max}; '{Shorten(text)}' is not."];
        return fallback;
    }

    private static ProblemHttpResult NotFound(Guid jobId) =>
        TypedResults.Problem($"No job has the id {jobId}.", statusCode: StatusCodes.Status404NotFound);

    private static string Shorten(string text) => text.Length <= 50 ? text : text[..50] + "...";

    private static string StateNames =>
        string.Join(", ", Enum.GetValues<JobState>().Select(state => state.ToName()));
}
