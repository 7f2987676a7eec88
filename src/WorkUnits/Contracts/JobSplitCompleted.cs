namespace WorkUnits.Contracts;

/// <summary>The splitter produced its last unit: the job's total is known.</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="Total">The number of units the job was split into.</param>
public sealed record JobSplitCompleted(Guid JobId, long Total);
