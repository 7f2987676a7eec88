namespace WorkUnits.Contracts;

/// <summary>The answer to <see cref="GetJobErrors"/>.</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="Groups">The groups of failed units, the largest first.</param>
public sealed record JobErrors(Guid JobId, IReadOnlyList<JobErrorGroup> Groups);
