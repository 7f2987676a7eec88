namespace WorkUnits.Cli.CommandLine;

/// <summary>A setting is missing or wrong; the message names it.</summary>
internal sealed class ConfigurationProblemException : Exception
{
    public ConfigurationProblemException()
    {
    }

    public ConfigurationProblemException(string message)
        : base(message)
    {
    }

    public ConfigurationProblemException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
