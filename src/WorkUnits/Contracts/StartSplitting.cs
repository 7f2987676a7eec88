namespace WorkUnits.Contracts;

/// <summary>The job saga asks the orchestrator's dispatcher to start splitting an accepted job.</summary>
/// <param name="JobId">The job's id.</param>
public sealed record StartSplitting(Guid JobId);
