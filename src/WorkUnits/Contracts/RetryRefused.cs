namespace WorkUnits.Contracts;

/// <summary>A retry of a job's failed units was refused.</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="Reason">Why, for example that the job has not ended or has no failed units.</param>
public sealed record RetryRefused(Guid JobId, string Reason);
