using Microsoft.Extensions.Logging;

namespace WorkUnits.Workers;

/// <summary>The worker's log messages; event ids 2000 to 2099.</summary>
internal static partial class Log
{
    [LoggerMessage(
        2000,
        LogLevel.Debug,
        "Unit {UnitIndex} of job {JobId} has already ended; skipping the copy",
        EventName = "UnitAlreadyEnded")]
    public static partial void UnitAlreadyEnded(ILogger logger, Guid jobId, long unitIndex);

    [LoggerMessage(
        2001,
        LogLevel.Warning,
        "Attempt {Attempt} at unit {UnitIndex} of job {JobId} failed",
        EventName = "UnitAttemptFailed")]
    public static partial void UnitAttemptFailed(
        ILogger logger,
        Exception exception,
        Guid jobId,
        long unitIndex,
        int attempt);

    [LoggerMessage(
        2002,
        LogLevel.Error,
        "Unit {UnitIndex} of job {JobId} names job type {JobType}, which this worker does not know",
        EventName = "UnknownJobType")]
    public static partial void UnknownJobType(ILogger logger, Guid jobId, long unitIndex, string jobType);

    [LoggerMessage(
        2003,
        LogLevel.Warning,
        "Attempt {Attempt} at unit {UnitIndex} of job {JobId} ran longer than its timeout of {UnitTimeout} and was " +
        "cancelled",
        EventName = "UnitTimedOut")]
    public static partial void UnitTimedOut(
        ILogger logger,
        Guid jobId,
        long unitIndex,
        int attempt,
        TimeSpan unitTimeout);

    [LoggerMessage(
        2004,
        LogLevel.Debug,
        "Unit {UnitIndex} of job {JobId} not started: its job was cancelled or failed",
        EventName = "JobEndedSkipping")]
    public static partial void JobEndedSkipping(ILogger logger, Guid jobId, long unitIndex);

    [LoggerMessage(
        2005,
        LogLevel.Debug,
        "Unit {UnitIndex} of job {JobId} cancelled with its job",
        EventName = "UnitCancelledWithJob")]
    public static partial void UnitCancelledWithJob(ILogger logger, Guid jobId, long unitIndex);

    [LoggerMessage(
        2006,
        LogLevel.Warning,
        "Could not ask the store whether unit {UnitIndex} of job {JobId} has ended; running it anyway",
        EventName = "StoreCheckFailed")]
    public static partial void StoreCheckFailed(ILogger logger, Exception exception, Guid jobId, long unitIndex);

    [LoggerMessage(
        2007,
        LogLevel.Warning,
        "Unit {UnitIndex} of job {JobId} came back after its worker stopped (return {Redeliveries}); sent again",
        EventName = "UnitRedelivered")]
    public static partial void UnitRedelivered(ILogger logger, Guid jobId, long unitIndex, int redeliveries);

    [LoggerMessage(
        2008,
        LogLevel.Error,
        "Attempt {Attempt} at unit {UnitIndex} of job {JobId} given up: its message came back {Redeliveries} times " +
        "without an outcome",
        EventName = "UnitRedeliveriesExhausted")]
    public static partial void UnitRedeliveriesExhausted(
        ILogger logger,
        Guid jobId,
        long unitIndex,
        int attempt,
        int redeliveries);

    [LoggerMessage(
        2009,
        LogLevel.Warning,
        "Could not send a batch of {Count} unit outcomes; each of their units fails to consume",
        EventName = "OutcomeBatchSendFailed")]
    public static partial void OutcomeBatchSendFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(
        2010,
        LogLevel.Warning,
        "A batch of {Count} units came back after its worker stopped; each unit sent again on its own",
        EventName = "BatchRedelivered")]
    public static partial void BatchRedelivered(ILogger logger, int count);

    [LoggerMessage(
        2011,
        LogLevel.Warning,
        "Could not read the latest checkpoint of attempt {Attempt} at unit {UnitIndex} of job {JobId}, which came " +
        "back after its worker stopped; running it with the checkpoint its message carries",
        EventName = "CheckpointReadFailed")]
    public static partial void CheckpointReadFailed(
        ILogger logger,
        Exception exception,
        Guid jobId,
        long unitIndex,
        int attempt);

    [LoggerMessage(
        2012,
        LogLevel.Debug,
        "Attempt {Attempt} at unit {UnitIndex} of job {JobId} came back after its worker stopped; resuming from the " +
        "checkpoint it saved since its dispatch",
        EventName = "CheckpointRefreshed")]
    public static partial void CheckpointRefreshed(ILogger logger, Guid jobId, long unitIndex, int attempt);
}
