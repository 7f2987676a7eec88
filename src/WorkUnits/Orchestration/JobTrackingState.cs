using MassTransit;

namespace WorkUnits.Orchestration;

/// <summary>
/// The job saga's state: one instance per job, keyed by the job id. It holds the job's lifecycle and a
/// rolled-up copy of its counts; per-unit outcomes live in the work-unit store.
/// </summary>
public sealed class JobTrackingState : SagaStateMachineInstance, ISagaVersion
{
    /// <summary>The job id.</summary>
    public Guid CorrelationId { get; set; }

    /// <summary>The saga state's name, for example <c>Running</c>.</summary>
    public string CurrentState { get; set; } = string.Empty;

    /// <summary>Incremented on every save; a save from a stale version is refused.</summary>
    public int Version { get; set; }

    /// <summary>The job type's registered name.</summary>
    public string JobType { get; set; } = string.Empty;

    /// <summary>The failed units the job tolerates.</summary>
    public long MaxFailedUnits { get; set; }

    /// <summary>The share of units, in percent, the job tolerates failing; null for none.</summary>
    public double? MaxFailedPercent { get; set; }

    /// <summary>The number of units, once splitting has finished.</summary>
    public long? Total { get; set; }

    /// <summary>The succeeded units at the last roll-up.</summary>
    public long Succeeded { get; set; }

    /// <summary>The failed units at the last roll-up.</summary>
    public long Failed { get; set; }

    /// <summary>The job's result as JSON, once completed.</summary>
    public string? Result { get; set; }

    /// <summary>Why the job failed or was cancelled.</summary>
    public string? Reason { get; set; }

    /// <summary>When the job was accepted.</summary>
    public DateTimeOffset AcceptedAt { get; set; }

    /// <summary>When the job reached its final state.</summary>
    public DateTimeOffset? EndedAt { get; set; }
}
