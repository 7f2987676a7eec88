namespace WorkUnits.FaultTests.Infrastructure;

/// <summary>A unit's row in <c>workunits_units</c>, as the fault tests read it.</summary>
internal sealed record UnitRow(long Index, string State, int Attempt, string? ErrorType, string? ErrorMessage);
