namespace WorkUnits.Contracts;

/// <summary>The job's splitter threw; the job fails.</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="Reason">The error's type and message.</param>
public sealed record JobSplitFailed(Guid JobId, string Reason);
