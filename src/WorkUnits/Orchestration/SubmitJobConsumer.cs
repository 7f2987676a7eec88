using System.Globalization;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkUnits.Contracts;
using WorkUnits.Hosting;
using WorkUnits.JobTypes;
using WorkUnits.Storage;

namespace WorkUnits.Orchestration;

/// <summary>
/// Validates a submit, stores the job and announces it. A refused submit is published as
/// <see cref="JobRejected"/> naming the wrong field, and the message moves to the error queue.
/// </summary>
internal sealed class SubmitJobConsumer : IConsumer<SubmitJob>
{
    private readonly JobTypeRegistry _jobTypes;
    private readonly IWorkUnitStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly OrchestratorOptions _options;
    private readonly ILogger<SubmitJobConsumer> _logger;

    public SubmitJobConsumer(
        JobTypeRegistry jobTypes,
        IWorkUnitStore store,
        TimeProvider timeProvider,
        IOptions<OrchestratorOptions> options,
        ILogger<SubmitJobConsumer> logger)
    {
        _jobTypes = jobTypes;
        _store = store;
        _timeProvider = timeProvider;
        _options = options.Value;
        _logger = logger;
    }

    public async Task Consume(ConsumeContext<SubmitJob> context)
    {
        var submit = context.Message;
        var jobId = submit.JobId ?? context.MessageId ?? NewId.NextGuid();

        var size = context.ReceiveContext.Body.Length;
        var (job, problem) = size > _options.MaxSubmitBytes
            ? (null, new ParameterProblem(
                "submit",
                $"is {size} bytes; the most accepted is {_options.MaxSubmitBytes} "
                + "(WorkUnits:Orchestrator:MaxSubmitBytes)"))
            : Validate(jobId, submit);
        if (problem is not null)
        {
            await RejectAsync(context, jobId, problem);
            throw new JobRejectedException(problem.Field, problem.Reason);
        }

        if (await _store.CreateJobAsync(job!, context.CancellationToken))
        {
            Log.JobAccepted(_logger, jobId, job!.JobType);
        }

        var accepted = new JobAccepted(jobId, job!.JobType, job.MaxInFlight, job.MaxFailedUnits)
        {
            MaxFailedPercent = job.MaxFailedPercent,
        };
        await context.Publish(accepted);
        if (context.RequestId.HasValue)
        {
            await context.RespondAsync(accepted);
        }
    }

    private (NewJob? Job, ParameterProblem? Problem) Validate(Guid jobId, SubmitJob submit)
    {
        if (jobId == Guid.Empty)
        {
            return (null, new ParameterProblem("jobId", "must not be the empty GUID"));
        }

        if (string.IsNullOrWhiteSpace(submit.JobType))
        {
            return (null, new ParameterProblem("jobType", "is required"));
        }

        if (!_jobTypes.TryGet(submit.JobType, out var jobType))
        {
            var known = string.Join(", ", _jobTypes.Names);
            return (null, new ParameterProblem(
                "jobType",
                $"'{submit.JobType}' is not a registered job type (known: {known})"));
        }

        var maxInFlight = submit.Settings?.MaxInFlight ?? _options.DefaultMaxInFlight;
        if (maxInFlight < 1 || maxInFlight > _options.MaxInFlightLimit)
        {
            return (null, new ParameterProblem(
                "settings.maxInFlight",
                $"must be between 1 and {_options.MaxInFlightLimit}"));
        }

        var maxFailedPercent = submit.Settings?.MaxFailedPercent;
        if (maxFailedPercent is < 0 or > 100 || (maxFailedPercent is { } percent && double.IsNaN(percent)))
        {
            return (null, new ParameterProblem("settings.maxFailedPercent", "must be between 0 and 100"));
        }

        // With only a share given, the count does not limit the job.
        var maxFailedUnits = submit.Settings?.MaxFailedUnits ?? (maxFailedPercent is null ? 0 : long.MaxValue);
        if (maxFailedUnits < 0)
        {
            return (null, new ParameterProblem("settings.maxFailedUnits", "must not be negative"));
        }

        var maxAttempts = submit.Settings?.MaxAttempts ?? _options.DefaultMaxAttempts;
        if (maxAttempts < 1 || maxAttempts > _options.MaxAttemptsLimit)
        {
            return (null, new ParameterProblem(
                "settings.maxAttempts",
                $"must be between 1 and {_options.MaxAttemptsLimit}"));
        }

        var unitTimeout = submit.Settings?.UnitTimeout ?? _options.DefaultUnitTimeout;
        if (unitTimeout <= TimeSpan.Zero || unitTimeout > _options.MaxUnitTimeout)
        {
            return (null, new ParameterProblem(
                "settings.unitTimeout",
                $"must be more than zero and at most {_options.MaxUnitTimeout}"));
        }

        var now = _timeProvider.GetUtcNow();
        var (deadline, deadlineProblem) = ParseDeadline(submit.Settings?.Deadline, now);
        if (deadlineProblem is not null)
        {
            return (null, deadlineProblem);
        }

        var (parameters, problem) = jobType.CheckParameters(submit.Parameters);
        if (problem is not null)
        {
            return (null, problem);
        }

        var job = new NewJob(jobId, jobType.Name, parameters!, maxInFlight, maxFailedUnits, now)
        {
            MaxAttempts = maxAttempts,
            UnitTimeout = unitTimeout,
            DeadlineAt = deadline,
            MaxFailedPercent = maxFailedPercent,
        };
        return (job, null);
    }

    private static (DateTimeOffset? Deadline, ParameterProblem? Problem) ParseDeadline(
        string? value,
        DateTimeOffset now)
    {
        if (value is null)
        {
            return (null, null);
        }

        if (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var duration))
        {
            return duration > TimeSpan.Zero
                ? (now + duration, null)
                : (null, new ParameterProblem("settings.deadline", "must be a positive duration"));
        }

        const DateTimeStyles Styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, Styles, out var at))
        {
            return at > now
                ? (at, null)
                : (null, new ParameterProblem("settings.deadline", "is in the past"));
        }

        return (null, new ParameterProblem(
            "settings.deadline",
            "must be a duration such as 01:30:00 or a time such as 2030-01-01T12:00:00Z"));
    }

    private async Task RejectAsync(ConsumeContext<SubmitJob> context, Guid jobId, ParameterProblem problem)
    {
        Log.JobRejected(_logger, problem.Field, problem.Reason);

        var rejected = new JobRejected(jobId, problem.Field, problem.Reason);
        await context.Publish(rejected);
        if (context.RequestId.HasValue)
        {
            await context.RespondAsync(rejected);
        }
    }
}
