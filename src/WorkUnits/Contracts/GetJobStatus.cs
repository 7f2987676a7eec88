namespace WorkUnits.Contracts;

/// <summary>
/// Asks for one job's state and progress; answered by <see cref="JobStatus"/> or <see cref="JobNotFound"/>.
/// </summary>
/// <param name="JobId">The job's id.</param>
public sealed record GetJobStatus(Guid JobId);
