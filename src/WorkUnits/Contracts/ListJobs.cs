namespace WorkUnits.Contracts;

/// <summary>Asks for the newest jobs first; answered by <see cref="JobList"/>.</summary>
/// <param name="State">Only jobs in this state, when given.</param>
/// <param name="JobType">Only jobs of this type, when given.</param>
/// <param name="Limit">At most this many jobs.</param>
/// <param name="Offset">Skip this many of the newest jobs first.</param>
public sealed record ListJobs(string? State, string? JobType, int Limit, int Offset);
