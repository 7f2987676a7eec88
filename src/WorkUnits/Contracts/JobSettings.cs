namespace WorkUnits.Contracts;

/// <summary>Limits that a submitter may set for one job.</summary>
public sealed record JobSettings
{
    /// <summary>How many of the job's units may be dispatched and not yet ended at once.</summary>
    /// <value>When absent, <c>WorkUnits:Orchestrator:DefaultMaxInFlight</c>.</value>
    public int? MaxInFlight { get; init; }

    /// <summary>How many failed units the job tolerates and still completes.</summary>
    /// <value>When absent, zero: any failed unit fails the job.</value>
    public long? MaxFailedUnits { get; init; }

    /// <summary>
    /// The share of the job's units, in percent, that may fail while the job still completes; checked against the
    /// job's total once splitting has finished. With both budgets set, exceeding either fails the job.
    /// </summary>
    /// <value>When absent, no share-based budget; <see cref="MaxFailedUnits"/> alone applies.</value>
    public double? MaxFailedPercent { get; init; }

    /// <summary>
    /// How many attempts each unit gets in all. A failed attempt is retried after an exponential, jittered delay
    /// until this many attempts have failed; an error marked <see cref="IPermanentUnitFailure"/> is not retried.
    /// </summary>
    /// <value>When absent, <c>WorkUnits:Orchestrator:DefaultMaxAttempts</c>.</value>
    public int? MaxAttempts { get; init; }

    /// <summary>
    /// How long one attempt at a unit may take, counted from its dispatch: the worker cancels a handler that runs
    /// longer and reports the attempt failed, and the orchestrator gives a unit whose attempt has not reported by
    /// then to a new attempt.
    /// </summary>
    /// <value>When absent, <c>WorkUnits:Orchestrator:DefaultUnitTimeout</c>.</value>
    public TimeSpan? UnitTimeout { get; init; }

    /// <summary>
    /// When the job must have ended, as a duration from acceptance (<c>01:30:00</c>) or an absolute time with its
    /// offset (<c>2030-01-01T12:00:00Z</c>). A job still running then fails.
    /// </summary>
    /// <value>When absent, no deadline.</value>
    public string? Deadline { get; init; }
}
