using Microsoft.Extensions.Logging;

namespace WorkUnits.Orchestration;

/// <summary>The orchestrator's log messages; event ids 1000 to 1099.</summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "Job {JobId} of type {JobType} accepted", EventName = "JobAccepted")]
    public static partial void JobAccepted(ILogger logger, Guid jobId, string jobType);

    [LoggerMessage(1001, LogLevel.Warning, "Submit rejected: {Field} {Reason}", EventName = "JobRejected")]
    public static partial void JobRejected(ILogger logger, string field, string reason);

    [LoggerMessage(
        1002,
        LogLevel.Information,
        "Job {JobId} of type {JobType} started splitting",
        EventName = "SplitStarted")]
    public static partial void SplitStarted(ILogger logger, Guid jobId, string jobType);

    [LoggerMessage(1003, LogLevel.Information, "Job {JobId} split into {Total} units", EventName = "SplitCompleted")]
    public static partial void SplitCompleted(ILogger logger, Guid jobId, long total);

    [LoggerMessage(
        1004,
        LogLevel.Information,
        "Job {JobId} resumed splitting after unit {Dispatched}",
        EventName = "SplitResumed")]
    public static partial void SplitResumed(ILogger logger, Guid jobId, long dispatched);

    [LoggerMessage(
        1005,
        LogLevel.Error,
        "The splitter of job {JobId} failed; the job fails",
        EventName = "SplitterFailed")]
    public static partial void SplitterFailed(ILogger logger, Exception exception, Guid jobId);

    [LoggerMessage(
        1006,
        LogLevel.Warning,
        "Dispatching job {JobId} was interrupted; resuming from the store in {Delay}",
        EventName = "DispatchInterrupted")]
    public static partial void DispatchInterrupted(ILogger logger, Exception exception, Guid jobId, TimeSpan delay);

    [LoggerMessage(
        1007,
        LogLevel.Warning,
        "Recording a batch of {Count} outcomes failed; the messages will be retried",
        EventName = "RecordFailed")]
    public static partial void RecordFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(1008, LogLevel.Information, "Job {JobId} finalizing", EventName = "Finalizing")]
    public static partial void Finalizing(ILogger logger, Guid jobId);

    [LoggerMessage(1009, LogLevel.Error, "The finalizer of job {JobId} failed", EventName = "FinalizerFailed")]
    public static partial void FinalizerFailed(ILogger logger, Exception exception, Guid jobId);

    [LoggerMessage(
        1010,
        LogLevel.Warning,
        "Publishing the progress of job {JobId} failed; it is retried on the next tick",
        EventName = "ProgressPublishFailed")]
    public static partial void ProgressPublishFailed(ILogger logger, Exception exception, Guid jobId);

    [LoggerMessage(
        1020,
        LogLevel.Debug,
        "Dispatched the next attempt of {Count} units whose retry was due",
        EventName = "RetriesDispatched")]
    public static partial void RetriesDispatched(ILogger logger, int count);

    [LoggerMessage(
        1021,
        LogLevel.Warning,
        "Sweeping for due retries failed; trying again in {Interval}",
        EventName = "SweepFailed")]
    public static partial void SweepFailed(ILogger logger, Exception exception, TimeSpan interval);

    [LoggerMessage(
        1022,
        LogLevel.Warning,
        "The leases of {Count} attempts ended without an outcome; their units are retried or fail",
        EventName = "LeasesExpired")]
    public static partial void LeasesExpired(ILogger logger, int count);

    [LoggerMessage(
        1023,
        LogLevel.Warning,
        "Every unit of job {JobId} has ended but the job is still {State}; its final progress ({Succeeded} " +
        "succeeded, {Failed} failed) is published again",
        EventName = "FinalRollUpRepublished")]
    public static partial void FinalRollUpRepublished(
        ILogger logger,
        Guid jobId,
        string state,
        long succeeded,
        long failed);
}
