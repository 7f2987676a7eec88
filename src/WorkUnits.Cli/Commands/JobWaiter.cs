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
        // The text form shows the same live progress as 'workunits watch'; the JSON form prints one final object.
        if (!json)
        {
            return await WatchCommand.FollowAndPrintAsync(
                client,
                jobId,
                json,
                interactive: !Console.IsOutputRedirected,
                output,
                timeProvider,
                cancellationToken);
        }

        var status = await client.WaitAsync(jobId, PollInterval, progress: null, cancellationToken);
        var errors = status.Failed > 0
            ? await client.GetErrorsAsync(jobId, cancellationToken: cancellationToken)
            : null;

        output.WriteLine(JobPrinter.ToJson(status, errors));
        return status.State == "completed" ? ExitCodes.Success : ExitCodes.JobNotCompleted;
    }
}
