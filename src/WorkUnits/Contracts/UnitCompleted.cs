namespace WorkUnits.Contracts;

/// <summary>A worker ran a unit successfully.</summary>
/// <param name="JobId">The job the unit belongs to.</param>
/// <param name="UnitIndex">The unit's position in the job's split.</param>
/// <param name="Attempt">The attempt that produced the result.</param>
/// <param name="Result">The handler's result serialized as JSON.</param>
public sealed record UnitCompleted(Guid JobId, long UnitIndex, int Attempt, string Result);
