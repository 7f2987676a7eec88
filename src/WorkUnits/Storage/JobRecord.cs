namespace WorkUnits.Storage;

/// <summary>A job as the store keeps it: what was submitted, how far splitting got, and the unit counts.</summary>
internal sealed record JobRecord
{
    public required Guid JobId { get; init; }

    public required string JobType { get; init; }

    public required string Parameters { get; init; }

    public required int MaxInFlight { get; init; }

    public required long MaxFailedUnits { get; init; }

    /// <summary>How many attempts each unit gets in all; one means no retry.</summary>
    public int MaxAttempts { get; init; } = 1;

    /// <summary>How long an attempt's lease lasts from its dispatch.</summary>
    public TimeSpan UnitTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>When the job fails if it has not ended; null for no deadline.</summary>
    public DateTimeOffset? DeadlineAt { get; init; }

    public required JobState State { get; init; }

    /// <summary>The units stored and handed to workers; the next unit's index.</summary>
    public long Dispatched { get; init; }

    public long Succeeded { get; init; }

    public long Failed { get; init; }

    /// <summary>True once the splitter has produced its last unit; then <see cref="Dispatched"/> is the total.</summary>
    public bool SplitCompleted { get; init; }

    /// <summary>The splitter's cursor after the last stored unit.</summary>
    public string? Cursor { get; init; }

    public string? Result { get; init; }

    public string? Reason { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public long? Total => SplitCompleted ? Dispatched : null;
}
