namespace WorkUnits.Storage;

/// <summary>A stored unit that has been dispatched and has no outcome yet.</summary>
internal sealed record PendingUnit(long UnitIndex, int Attempt, string Payload)
{
    /// <summary>
    /// The last checkpoint the unit saved, by this attempt or an earlier one; a message sent again for the unit
    /// carries it so that the attempt resumes from it instead of starting from scratch.
    /// </summary>
    public string? Checkpoint { get; init; }
}
