namespace WorkUnits;

/// <summary>
/// Thrown by a unit handler when another attempt at the unit cannot succeed; the unit fails without a retry.
/// Any exception type can say the same by implementing <see cref="IPermanentUnitFailure"/>.
/// </summary>
public sealed class PermanentUnitFailureException : WorkUnitsException, IPermanentUnitFailure
{
    /// <summary>Creates the exception with no message.</summary>
    public PermanentUnitFailureException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Why the unit cannot succeed.</param>
    public PermanentUnitFailureException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">Why the unit cannot succeed.</param>
    /// <param name="innerException">The cause.</param>
    public PermanentUnitFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
