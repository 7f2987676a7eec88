namespace WorkUnits.Storage;

/// <summary>A job's failed units that share one error fingerprint.</summary>
/// <param name="Fingerprint">The hash of the error's type and origin; units with the same cause share it.</param>
/// <param name="ErrorType">The exception type of the group's newest failure.</param>
/// <param name="Count">How many of the job's units failed this way.</param>
/// <param name="SampleMessage">The message of the group's newest failure.</param>
/// <param name="LastFailedAt">When the group's newest failure was recorded.</param>
internal sealed record ErrorGroup(
    string Fingerprint,
    string? ErrorType,
    long Count,
    string? SampleMessage,
    DateTimeOffset? LastFailedAt);
