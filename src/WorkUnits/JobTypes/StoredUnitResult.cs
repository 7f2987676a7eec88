namespace WorkUnits.JobTypes;

/// <summary>A succeeded unit's result as the store keeps it: serialized JSON.</summary>
internal readonly record struct StoredUnitResult(long UnitIndex, string Result);
