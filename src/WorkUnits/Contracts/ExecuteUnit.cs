namespace WorkUnits.Contracts;

/// <summary>Tells a worker to run one work unit of a job.</summary>
/// <param name="JobId">The job the unit belongs to.</param>
/// <param name="JobType">The job type whose handler runs the unit.</param>
/// <param name="UnitIndex">The unit's position in the job's split, from zero.</param>
/// <param name="Attempt">The attempt number, from one.</param>
/// <param name="Payload">The unit serialized as JSON.</param>
public sealed record ExecuteUnit(Guid JobId, string JobType, long UnitIndex, int Attempt, string Payload)
{
    /// <summary>
    /// When the attempt's lease ends: the worker cancels the handler then and reports the attempt as timed out,
    /// since the orchestrator gives the unit to a new attempt soon after.
    /// </summary>
    /// <value>Null for no limit.</value>
    public DateTimeOffset? LeaseExpiresAt { get; init; }
}
