namespace WorkUnits.Contracts;

/// <summary>A job's failed units that share one cause, with the newest failure as a sample.</summary>
/// <param name="Fingerprint">A short hash of the error's type and the method that threw it.</param>
/// <param name="ErrorType">The exception type, for example <c>System.TimeoutException</c>.</param>
/// <param name="Count">How many units failed this way.</param>
/// <param name="SampleMessage">The newest failure's message.</param>
/// <param name="LastFailedAt">When the newest failure was recorded.</param>
public sealed record JobErrorGroup(
    string Fingerprint,
    string? ErrorType,
    long Count,
    string? SampleMessage,
    DateTimeOffset? LastFailedAt);
