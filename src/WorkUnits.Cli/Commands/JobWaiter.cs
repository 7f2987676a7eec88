using WorkUnits.Cli.CommandLine;
using WorkUnits.Cli.Output;

namespace WorkUnits.Cli.Commands;

/// <summary>Waits for a job to end while showing its progress, then prints it and picks the exit code.</summary>
internal static class JobWaiter
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public static async Task<int> WaitAndPrintAsync(
        WorkUnitsClient client,
        Guid jobId,
        bool json,
        TextWriter output,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var progress = json ? null : new ProgressPrinter(output, interactive: !Console.IsOutputRedirected, timeProvider);

        var status = await client.WaitAsync(jobId, PollInterval, progress, cancellationToken);

        progress?.EndLine();
        if (json)
        {
            output.WriteLine(JobPrinter.ToJson(status));
        }
        else
        {
            JobPrinter.PrintText(output, status);
        }

        return status.State == "completed" ? ExitCodes.Success : ExitCodes.JobNotCompleted;
    }
}
