using System.ComponentModel;
using System.Diagnostics;

namespace WorkUnits.Deploy.Tests.Support;

/// <summary>Runs the command-line tools the deployment checks rely on (kubectl, node, npm).</summary>
internal static class ExternalProcess
{
    public static ProcessResult Run(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        TimeSpan timeout,
        string installHint)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = StartOrFail(startInfo, installHint);
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();

        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"'{fileName} {string.Join(' ', startInfo.ArgumentList)}' did not finish within {timeout}.");
        }

        process.WaitForExit();

        return new ProcessResult(process.ExitCode, standardOutput.Result, standardError.Result);
    }

    private static Process StartOrFail(ProcessStartInfo startInfo, string installHint)
    {
        try
        {
            return Process.Start(startInfo)
                ?? throw new InvalidOperationException($"'{startInfo.FileName}' did not start.");
        }
        catch (Win32Exception exception)
        {
            Assert.Fail($"'{startInfo.FileName}' could not be started ({exception.Message}). {installHint}");
            throw;
        }
    }
}
