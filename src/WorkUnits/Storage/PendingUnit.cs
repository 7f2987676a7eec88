namespace WorkUnits.Storage;

/// <summary>A stored unit that has been dispatched and has no outcome yet.</summary>
internal sealed record PendingUnit(long UnitIndex, int Attempt, string Payload);
