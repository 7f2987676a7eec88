namespace WorkUnits.Contracts;

/// <summary>The job saga asks for the job's finalizer to fold the unit results into the job's result.</summary>
/// <param name="JobId">The job's id.</param>
public sealed record FinalizeJob(Guid JobId);
