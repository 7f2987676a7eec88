namespace WorkUnits.Contracts;

/// <summary>The job's failed units will run again, each with one more attempt; the job is running again.</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="Units">How many failed units will run again.</param>
public sealed record FailedUnitsRetrying(Guid JobId, long Units);
