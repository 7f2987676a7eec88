namespace WorkUnits.Storage;

/// <summary>How one attempt at a unit ended, as reported by a worker.</summary>
internal sealed record UnitOutcome(
    Guid JobId,
    long UnitIndex,
    int Attempt,
    bool Succeeded,
    string? Result,
    string? ErrorType,
    string? ErrorMessage,
    string? Fingerprint)
{
    /// <summary>
    /// For a failed attempt that may be retried, when the next attempt is due; null for a success or an error
    /// that is not retried. The store retries only while the unit has attempts left.
    /// </summary>
    public DateTimeOffset? RetryAt { get; init; }
}
