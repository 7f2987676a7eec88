namespace WorkUnits.Contracts;

/// <summary>A job's deadline passed before it ended; the job fails.</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="Deadline">The deadline that passed.</param>
public sealed record JobDeadlinePassed(Guid JobId, DateTimeOffset Deadline);
