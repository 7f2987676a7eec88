namespace WorkUnits.Orchestration;

/// <summary>Wraps an exception thrown by a job's own splitter, which fails the job instead of being retried.</summary>
internal sealed class SplitterFailedException : Exception
{
    public SplitterFailedException(Exception innerException)
        : base($"{innerException.GetType().Name}: {innerException.Message}", innerException)
    {
    }

    public SplitterFailedException()
    {
    }

    public SplitterFailedException(string message)
        : base(message)
    {
    }

    public SplitterFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
