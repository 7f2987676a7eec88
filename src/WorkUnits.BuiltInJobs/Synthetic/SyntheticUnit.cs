namespace WorkUnits.BuiltInJobs.Synthetic;

/// <summary>One unit of the <c>synthetic</c> job.</summary>
/// <param name="Index">The value the unit returns.</param>
/// <param name="UnitMs">How long the unit works, in milliseconds.</param>
public sealed record SyntheticUnit(long Index, int UnitMs);
