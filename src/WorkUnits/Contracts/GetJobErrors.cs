namespace WorkUnits.Contracts;

/// <summary>
/// Asks for a job's failed units grouped by error fingerprint; answered by <see cref="JobErrors"/> or
/// <see cref="JobNotFound"/>.
/// </summary>
/// <param name="JobId">The job's id.</param>
/// <param name="Limit">At most this many groups, the largest first.</param>
public sealed record GetJobErrors(Guid JobId, int Limit);
