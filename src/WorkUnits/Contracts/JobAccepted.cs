namespace WorkUnits.Contracts;

/// <summary>A submitted job passed validation and will run.</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="JobType">The job type's registered name.</param>
/// <param name="MaxInFlight">The dispatch window the job runs with.</param>
/// <param name="MaxFailedUnits">The number of failed units the job tolerates.</param>
public sealed record JobAccepted(Guid JobId, string JobType, int MaxInFlight, long MaxFailedUnits)
{
    /// <summary>The share of the job's units, in percent, that may fail; null for no share-based budget.</summary>
    public double? MaxFailedPercent { get; init; }
}
