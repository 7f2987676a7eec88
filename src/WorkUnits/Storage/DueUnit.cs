namespace WorkUnits.Storage;

/// <summary>A unit the sweeper has claimed for its next attempt, with what the worker needs to run it.</summary>
internal sealed record DueUnit(
    Guid JobId,
    string JobType,
    long UnitIndex,
    int Attempt,
    string Payload,
    DateTimeOffset LeaseExpiresAt)
{
    /// <summary>How long the attempt's handler may run once a worker starts it.</summary>
    public TimeSpan UnitTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The checkpoint an earlier attempt saved, if any.</summary>
    public string? Checkpoint { get; init; }
}
