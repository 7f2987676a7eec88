namespace WorkUnits.Contracts;

/// <summary>The finalizer threw; the job fails.</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="Reason">The error's type and message.</param>
public sealed record JobFinalizationFailed(Guid JobId, string Reason);
