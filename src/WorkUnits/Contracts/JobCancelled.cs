namespace WorkUnits.Contracts;

/// <summary>A job was cancelled; none of its units starts afterwards.</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="Reason">The reason given with the cancel, if any.</param>
public sealed record JobCancelled(Guid JobId, string? Reason);
