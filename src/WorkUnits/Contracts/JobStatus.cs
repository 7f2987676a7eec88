using System.Text.Json;

namespace WorkUnits.Contracts;

/// <summary>A job's state and progress as the orchestrator records it.</summary>
public sealed record JobStatus
{
    /// <summary>The job's id.</summary>
    public required Guid JobId { get; init; }

    /// <summary>The job type's registered name.</summary>
    public required string JobType { get; init; }

    /// <summary>One of submitted, splitting, running, finalizing, completed, failed, cancelled.</summary>
    public required string State { get; init; }

    /// <summary>The number of units, known once splitting has finished.</summary>
    public long? Total { get; init; }

    /// <summary>The units handed to workers so far.</summary>
    public long Dispatched { get; init; }

    /// <summary>The units that succeeded.</summary>
    public long Succeeded { get; init; }

    /// <summary>The units that failed.</summary>
    public long Failed { get; init; }

    /// <summary>The finalizer's result once the job has completed.</summary>
    public JsonElement? Result { get; init; }

    /// <summary>Why the job failed or was cancelled.</summary>
    public string? Reason { get; init; }

    /// <summary>When the job was accepted.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the job reached its final state.</summary>
    public DateTimeOffset? EndedAt { get; init; }
}
