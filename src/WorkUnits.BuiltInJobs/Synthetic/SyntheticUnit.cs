namespace WorkUnits.BuiltInJobs.Synthetic;

/// <summary>One unit of the <c>synthetic</c> job.</summary>
/// <param name="Index">The value the unit returns.</param>
/// <param name="UnitMs">How long the unit works, in milliseconds.</param>
/// <param name="Fault">The fault the unit injects instead of returning; none for all but test units.</param>
public sealed record SyntheticUnit(long Index, int UnitMs, SyntheticUnitFault Fault = SyntheticUnitFault.None);
