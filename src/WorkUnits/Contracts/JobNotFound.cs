namespace WorkUnits.Contracts;

/// <summary>The answer when no job has the id asked for.</summary>
/// <param name="JobId">The id that was asked for.</param>
public sealed record JobNotFound(Guid JobId);
