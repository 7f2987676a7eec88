namespace WorkUnits.Deploy.Tests.Support;

/// <summary>What a finished external command left behind.</summary>
internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string Describe() => $"exit code {ExitCode}\n{StandardOutput}\n{StandardError}".TrimEnd();
}
