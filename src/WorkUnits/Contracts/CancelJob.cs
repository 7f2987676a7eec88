namespace WorkUnits.Contracts;

/// <summary>Asks for a job to be cancelled. A job that has already ended is left as it is.</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="Reason">Why, for the record.</param>
public sealed record CancelJob(Guid JobId, string? Reason);
