namespace WorkUnits.Contracts;

/// <summary>A worker's attempt at a unit ended with an error.</summary>
/// <param name="JobId">The job the unit belongs to.</param>
/// <param name="UnitIndex">The unit's position in the job's split.</param>
/// <param name="Attempt">The attempt that failed.</param>
/// <param name="ErrorType">The full name of the exception type.</param>
/// <param name="ErrorMessage">The exception's message.</param>
/// <param name="Fingerprint">A short hash of the error type and its first stack frame, for grouping failures.</param>
public sealed record UnitFailed(
    Guid JobId,
    long UnitIndex,
    int Attempt,
    string ErrorType,
    string ErrorMessage,
    string Fingerprint)
{
    /// <summary>True when the error says that another attempt cannot succeed, so the unit is not retried.</summary>
    /// <value>False unless the handler threw an exception that implements <see cref="IPermanentUnitFailure"/>.</value>
    public bool Permanent { get; init; }
}
