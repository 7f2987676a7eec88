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
    /// When the attempt's lease ends, counted from its dispatch: an attempt without an outcome soon after is given to
    /// a new attempt by the orchestrator.
    /// </summary>
    /// <value>Null for no limit.</value>
    public DateTimeOffset? LeaseExpiresAt { get; init; }

    /// <summary>
    /// How long the handler may run, counted from when the worker starts it: the worker cancels it then and reports
    /// the attempt as timed out. Time spent waiting in the queue does not count against it.
    /// </summary>
    /// <value>Null for no limit.</value>
    public TimeSpan? UnitTimeout { get; init; }

    /// <summary>The checkpoint an earlier attempt of the unit saved, handed to the handler to resume from.</summary>
    /// <value>Null when there is none.</value>
    public string? Checkpoint { get; init; }
}
