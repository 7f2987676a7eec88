namespace WorkUnits.Contracts;

/// <summary>The dispatcher has started splitting a job and dispatching its units.</summary>
/// <param name="JobId">The job's id.</param>
public sealed record JobSplitStarted(Guid JobId);
