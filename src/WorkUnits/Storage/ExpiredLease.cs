namespace WorkUnits.Storage;

/// <summary>A pending attempt whose lease ran out before its outcome arrived.</summary>
internal sealed record ExpiredLease(Guid JobId, long UnitIndex, int Attempt);
