namespace WorkUnits;

/// <summary>The base of the exceptions WorkUnits throws on purpose.</summary>
public class WorkUnitsException : Exception
{
    /// <summary>Creates the exception with no message.</summary>
    public WorkUnitsException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public WorkUnitsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public WorkUnitsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
