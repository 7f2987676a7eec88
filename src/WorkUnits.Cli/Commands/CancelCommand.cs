using WorkUnits.Cli.CommandLine;

namespace WorkUnits.Cli.Commands;

/// <summary>
/// <c>workunits cancel &lt;jobId&gt;</c>: cancels a job that has not ended and waits until it is cancelled.
/// </summary>
internal static class CancelCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public static async Task<int> RunAsync(ParsedArguments args, TextWriter output, CancellationToken cancellationToken)
    {
        var jobId = args.JobId(0);

        await using var session = await ClientSession.StartAsync(args, cancellationToken);
        var status = await session.Client.GetStatusAsync(jobId, cancellationToken);
        if (status is null)
        {
            await Console.Error.WriteLineAsync($"No job has the id {jobId}.");
            return ExitCodes.JobNotFound;
        }

        if (status.State is "completed" or "failed" or "cancelled")
        {
            output.WriteLine($"Job {jobId} has already ended: {status.State}.");
            return status.State == "cancelled" ? ExitCodes.Success : ExitCodes.JobNotCompleted;
        }

        await session.Client.CancelAsync(jobId, args.Value("--reason"), cancellationToken);
        var final = await session.Client.WaitAsync(jobId, PollInterval, progress: null, cancellationToken);

        output.WriteLine($"Job {jobId}: {final.State}.");
        return final.State == "cancelled" ? ExitCodes.Success : ExitCodes.JobNotCompleted;
    }
}
