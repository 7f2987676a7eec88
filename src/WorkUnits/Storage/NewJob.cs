namespace WorkUnits.Storage;

/// <summary>A validated job about to be stored.</summary>
internal sealed record NewJob(
    Guid JobId,
    string JobType,
    string Parameters,
    int MaxInFlight,
    long MaxFailedUnits,
    DateTimeOffset CreatedAt);
