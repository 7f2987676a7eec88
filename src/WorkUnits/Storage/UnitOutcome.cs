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
    string? Fingerprint);
