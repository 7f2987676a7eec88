namespace WorkUnits.Web.Tests.Support;

/// <summary>One unit of the <c>flaky</c> job.</summary>
/// <param name="Index">The unit's index.</param>
/// <param name="Fails">Whether the unit throws.</param>
/// <param name="UnitMs">How long the unit works first.</param>
public sealed record FlakyUnit(long Index, bool Fails, int UnitMs);
