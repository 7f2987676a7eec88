namespace WorkUnits.Contracts;

/// <summary>The job saga is asked to run the failed units of its ended job again.</summary>
/// <param name="JobId">The job's id.</param>
public sealed record JobRetryRequested(Guid JobId);
