namespace WorkUnits.Contracts;

/// <summary>A job ended without a result.</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="Reason">Why it failed.</param>
public sealed record JobFailed(Guid JobId, string Reason);
