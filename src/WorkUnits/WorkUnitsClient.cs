using MassTransit;
using WorkUnits.Contracts;

namespace WorkUnits;

/// <summary>Submits, inspects and cancels jobs from any process connected to the same bus.</summary>
public sealed class WorkUnitsClient
{
    private static readonly Uri SubmitQueue = new($"queue:{WorkUnitsQueues.Submit}");
    private static readonly Uri QueriesQueue = new($"queue:{WorkUnitsQueues.Queries}");
    private static readonly string[] FinalStates = ["completed", "failed", "cancelled"];

    private readonly IBus _bus;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a client on a started bus.</summary>
    /// <param name="bus">The bus.</param>
    /// <param name="timeProvider">The clock that paces <see cref="WaitAsync"/>.</param>
    public WorkUnitsClient(IBus bus, TimeProvider timeProvider)
    {
        _bus = bus;
        _timeProvider = timeProvider;
    }

    /// <summary>How long a request waits for the orchestrator's answer.</summary>
    /// <value>Defaults to 30 seconds.</value>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Submits a job and waits until the orchestrator has accepted it.</summary>
    /// <param name="submit">The job.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The acceptance, with the job's id.</returns>
    /// <exception cref="JobRejectedException">The orchestrator refused the job.</exception>
    public async Task<JobAccepted> SubmitAsync(SubmitJob submit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submit);

        var client = _bus.CreateRequestClient<SubmitJob>(SubmitQueue, RequestTimeout);
        Response<JobAccepted, JobRejected> response;
        try
        {
            response = await client.GetResponse<JobAccepted, JobRejected>(submit, cancellationToken);
        }
        catch (RequestFaultException exception) when (RejectionIn(exception) is { } rejection)
        {
            // The orchestrator answers a rejection and then fails the message on purpose, to move it to the error
            // queue; the fault of that failure can reach this client before the answer does.
            throw rejection;
        }

        if (response.Is(out Response<JobRejected>? rejected))
        {
            throw new JobRejectedException(rejected.Message.Field, rejected.Message.Reason);
        }

        return response.Is(out Response<JobAccepted>? accepted)
            ? accepted.Message
            : throw new WorkUnitsException(
                "The orchestrator answered the submit with neither acceptance nor rejection.");
    }

    /// <summary>Reads a job's state and counts.</summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The status, or null when no job has that id.</returns>
    public async Task<JobStatus?> GetStatusAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        var client = _bus.CreateRequestClient<GetJobStatus>(QueriesQueue, RequestTimeout);
        var response = await client.GetResponse<JobStatus, JobNotFound>(new GetJobStatus(jobId), cancellationToken);

        return response.Is(out Response<JobStatus>? status) ? status.Message : null;
    }

    /// <summary>Lists jobs, newest first.</summary>
    /// <param name="request">Filters and paging.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The jobs.</returns>
    public async Task<IReadOnlyList<JobStatus>> ListAsync(
        ListJobs request,
        CancellationToken cancellationToken = default)
    {
        var client = _bus.CreateRequestClient<ListJobs>(QueriesQueue, RequestTimeout);
        var response = await client.GetResponse<JobList>(request, cancellationToken);

        return response.Message.Jobs;
    }

    /// <summary>Reads a job's failed units grouped by cause, the largest group first.</summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="limit">At most this many groups; the orchestrator answers at most 100.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The groups, or null when no job has that id.</returns>
    public async Task<IReadOnlyList<JobErrorGroup>?> GetErrorsAsync(
        Guid jobId,
        int limit = 10,
        CancellationToken cancellationToken = default)
    {
        var client = _bus.CreateRequestClient<GetJobErrors>(QueriesQueue, RequestTimeout);
        var response = await client.GetResponse<JobErrors, JobNotFound>(
            new GetJobErrors(jobId, limit),
            cancellationToken);

        return response.Is(out Response<JobErrors>? errors) ? errors.Message.Groups : null;
    }

    /// <summary>
    /// Runs the failed units of a completed or failed job again, each with one more attempt; the job runs again
    /// and ends anew.
    /// </summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>How many units run again.</returns>
    /// <exception cref="WorkUnitsException">No job has that id, or the retry was refused, with the reason.</exception>
    public async Task<long> RetryFailedAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        var client = _bus.CreateRequestClient<RetryFailedUnits>(QueriesQueue, RequestTimeout);
        var response = await client.GetResponse<FailedUnitsRetrying, RetryRefused, JobNotFound>(
            new RetryFailedUnits(jobId),
            cancellationToken);

        if (response.Is(out Response<FailedUnitsRetrying>? retrying))
        {
            return retrying.Message.Units;
        }

        throw response.Is(out Response<RetryRefused>? refused)
            ? new WorkUnitsException(refused.Message.Reason)
            : new WorkUnitsException($"No job has the id {jobId}.");
    }

    /// <summary>Asks for a job to be cancelled; a job that has already ended stays as it is.</summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="reason">Why, for the record.</param>
    /// <param name="cancellationToken">Stops waiting for the broker.</param>
    /// <returns>A task that completes once the request is published.</returns>
    public Task CancelAsync(Guid jobId, string? reason = null, CancellationToken cancellationToken = default) =>
        _bus.Publish(new CancelJob(jobId, reason), cancellationToken);

    /// <summary>
    /// Polls a job's status until it reaches completed, failed or cancelled. A status request that goes unanswered
    /// within <see cref="RequestTimeout"/> (the broker or the orchestrator away for a moment) is asked again at the
    /// next poll, so only <paramref name="cancellationToken"/> ends the wait early.
    /// </summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="pollInterval">How often to ask.</param>
    /// <param name="progress">Told every status read, for a progress display.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The job's final status.</returns>
    /// <exception cref="WorkUnitsException">No job has that id.</exception>
    public async Task<JobStatus> WaitAsync(
        Guid jobId,
        TimeSpan pollInterval,
        IProgress<JobStatus>? progress = null,
        CancellationToken cancellationToken = default)
    {
        while (true)
        {
            JobStatus? status;
            try
            {
                status = await GetStatusAsync(jobId, cancellationToken);
            }
            catch (RequestTimeoutException) when (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(pollInterval, _timeProvider, cancellationToken);
                continue;
            }

            if (status is null)
            {
                throw new WorkUnitsException($"No job has the id {jobId}.");
            }

            progress?.Report(status);
            if (FinalStates.Contains(status.State))
            {
                return status;
            }

            await Task.Delay(pollInterval, _timeProvider, cancellationToken);
        }
    }

    /// <summary>The rejection a submit's fault carries, read back from its message "field reason".</summary>
    private static JobRejectedException? RejectionIn(RequestFaultException exception)
    {
        var rejection = exception.Fault?.Exceptions
            .FirstOrDefault(info => info.ExceptionType == typeof(JobRejectedException).FullName);
        if (rejection is null)
        {
            return null;
        }

        var separator = rejection.Message.IndexOf(' ', StringComparison.Ordinal);
        return separator > 0
            ? new JobRejectedException(rejection.Message[..separator], rejection.Message[(separator + 1)..])
            : new JobRejectedException(rejection.Message);
    }
}
