namespace WorkUnits.Storage;

/// <summary>A validated job about to be stored.</summary>
internal sealed record NewJob(
    Guid JobId,
    string JobType,
    string Parameters,
    int MaxInFlight,
    long MaxFailedUnits,
    DateTimeOffset CreatedAt)
{
    /// <summary>How many attempts each unit gets in all; one means no retry.</summary>
    public int MaxAttempts { get; init; } = 1;

    /// <summary>How long an attempt's lease lasts from its dispatch.</summary>
    public TimeSpan UnitTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>When the job fails if it has not ended; null for no deadline.</summary>
    public DateTimeOffset? DeadlineAt { get; init; }

    /// <summary>The share of units, in percent, the job tolerates failing; kept by the job saga, not the store.</summary>
    public double? MaxFailedPercent { get; init; }
}
