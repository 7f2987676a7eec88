namespace WorkUnits;

/// <summary>
/// A submit was refused. Thrown by the submit consumer after it has published the rejection, so that the
/// message itself moves to the submit queue's error queue with this reason in its headers.
/// </summary>
public sealed class JobRejectedException : WorkUnitsException
{
    /// <summary>Creates the exception for a field and the reason it is wrong.</summary>
    /// <param name="field">The path of the field that is wrong.</param>
    /// <param name="reason">What is wrong with it.</param>
    public JobRejectedException(string field, string reason)
        : base($"{field} {reason}")
    {
        Field = field;
        Reason = reason;
    }

    /// <summary>Creates the exception with no field.</summary>
    public JobRejectedException()
        : this("submit", "was rejected")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public JobRejectedException(string message)
        : this("submit", message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public JobRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "submit";
        Reason = message;
    }

    /// <summary>The path of the field that is wrong, for example <c>parameters.units</c>.</summary>
    public string Field { get; }

    /// <summary>What is wrong with the field.</summary>
    public string Reason { get; }
}
