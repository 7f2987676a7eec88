using WorkUnits.Cli.CommandLine;

namespace WorkUnits.Cli.Commands;

/// <summary>
/// <c>workunits retry-failed &lt;jobId&gt;</c>: runs only the failed units of a completed or failed job again and
/// waits until the job has ended anew.
/// </summary>
internal static class RetryFailedCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public static async Task<int> RunAsync(ParsedArguments args, TextWriter output, CancellationToken cancellationToken)
    {
        var jobId = args.JobId(0);

        await using var session = await ClientSession.StartAsync(args, cancellationToken);
        if (await session.Client.GetStatusAsync(jobId, cancellationToken) is null)
        {
            await Console.Error.WriteLineAsync($"No job has the id {jobId}.");
            return ExitCodes.JobNotFound;
        }

        long units;
        try
        {
            units = await session.Client.RetryFailedAsync(jobId, cancellationToken);
        }
        catch (WorkUnitsException exception)
        {
            await Console.Error.WriteLineAsync($"Job {jobId}: {exception.Message}");
            return ExitCodes.JobNotCompleted;
        }

        output.WriteLine($"Job {jobId}: running {units} failed units again.");
        var final = await session.Client.WaitAsync(jobId, PollInterval, progress: null, cancellationToken);

        output.WriteLine($"Job {jobId}: {final.State}, {final.Succeeded} succeeded, {final.Failed} failed.");
        return final.State == "completed" ? ExitCodes.Success : ExitCodes.JobNotCompleted;
    }
}
