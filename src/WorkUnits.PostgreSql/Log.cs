using Microsoft.Extensions.Logging;

namespace WorkUnits.PostgreSql;

/// <summary>Log messages of the PostgreSQL storage; event ids 3000 to 3099.</summary>
internal static partial class Log
{
    [LoggerMessage(
        EventId = 3000,
        EventName = "TransientDatabaseError",
        Level = LogLevel.Warning,
        Message = "PostgreSQL operation {Operation} failed with a transient error (attempt {Attempt}); " +
            "retrying in {RetryDelay}")]
    public static partial void TransientDatabaseError(
        ILogger logger,
        Exception? exception,
        string? operation,
        int attempt,
        TimeSpan retryDelay);

    [LoggerMessage(
        EventId = 3001,
        EventName = "SchemaInitialized",
        Level = LogLevel.Debug,
        Message = "PostgreSQL schema for WorkUnits is in place")]
    public static partial void SchemaInitialized(ILogger logger);
}
