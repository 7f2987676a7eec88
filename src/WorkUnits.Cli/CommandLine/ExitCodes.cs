namespace WorkUnits.Cli.CommandLine;

/// <summary>The exit codes of the <c>workunits</c> command, listed in its help.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked; a waited-for job completed.</summary>
    public const int Success = 0;

    /// <summary>A waited-for job ended failed or cancelled.</summary>
    public const int JobNotCompleted = 1;

    /// <summary>The command line, the configuration or the submitted job is invalid.</summary>
    public const int InvalidInput = 2;

    /// <summary>No job has the given id.</summary>
    public const int JobNotFound = 3;

    /// <summary>The broker, the database or the orchestrator could not be reached in time.</summary>
    public const int Unavailable = 4;
}
