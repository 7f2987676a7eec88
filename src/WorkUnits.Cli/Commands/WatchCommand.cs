using WorkUnits.Cli.CommandLine;
using WorkUnits.Cli.Output;
using WorkUnits.Contracts;

namespace WorkUnits.Cli.Commands;

/// <summary>
/// <c>workunits watch &lt;jobId&gt;</c>: follows a job until it ends, with a live progress bar and its most common
/// errors; with <c>--json</c>, one JSON object per line whenever the job's figures change.
/// </summary>
internal static class WatchCommand
{
    private const int ErrorGroups = 5;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan ErrorInterval = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync(ParsedArguments args, TextWriter output, CancellationToken cancellationToken)
    {
        var jobId = args.JobId(0);

        await using var session = await ClientSession.StartAsync(args, cancellationToken);
        if (await session.Client.GetStatusAsync(jobId, cancellationToken) is null)
        {
            await Console.Error.WriteLineAsync($"No job has the id {jobId}.");
            return ExitCodes.JobNotFound;
        }

        return await FollowAndPrintAsync(
            session.Client,
            jobId,
            args.Json,
            interactive: !Console.IsOutputRedirected,
            output,
            session.TimeProvider,
            cancellationToken);
    }

    /// <summary>
    /// Follows a job to its end, showing progress (redrawn in place when <paramref name="interactive"/>), then
    /// prints it and picks the exit code.
    /// </summary>
    public static async Task<int> FollowAndPrintAsync(
        WorkUnitsClient client,
        Guid jobId,
        bool json,
        bool interactive,
        TextWriter output,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var printer = json ? null : new ProgressPrinter(output, interactive, timeProvider);
        string? lastLine = null;
        void PrintJsonLine(JobStatus status, IReadOnlyList<JobErrorGroup> errors)
        {
            var line = JobPrinter.ToJson(status, errors);
            if (line != lastLine)
            {
                output.WriteLine(line);
                lastLine = line;
            }
        }

        var (final, errors) = await FollowAsync(
            client,
            jobId,
            timeProvider,
            (status, errors) =>
            {
                if (printer is null)
                {
                    PrintJsonLine(status, errors);
                    return;
                }

                printer.ReportErrors(errors);
                printer.Report(status);
            },
            cancellationToken);

        if (printer is not null)
        {
            printer.EndLine();
            JobPrinter.PrintText(output, final, errors);
        }

        return final.State == "completed" ? ExitCodes.Success : ExitCodes.JobNotCompleted;
    }

    /// <summary>
    /// Polls a job's status, and its errors every few seconds once some unit has failed, until it ends.
    /// </summary>
    public static async Task<(JobStatus Final, IReadOnlyList<JobErrorGroup> Errors)> FollowAsync(
        WorkUnitsClient client,
        Guid jobId,
        TimeProvider timeProvider,
        Action<JobStatus, IReadOnlyList<JobErrorGroup>> onUpdate,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<JobErrorGroup> errors = [];
        var errorsReadAt = long.MinValue;
        var failedAtLastRead = 0L;

        while (true)
        {
            var status = await client.GetStatusAsync(jobId, cancellationToken)
                ?? throw new WorkUnitsException($"No job has the id {jobId}.");
            var final = JobPrinter.IsFinal(status.State);

            var due = errorsReadAt == long.MinValue || timeProvider.GetElapsedTime(errorsReadAt) >= ErrorInterval;
            if (status.Failed > failedAtLastRead && (due || final))
            {
                errors = await client.GetErrorsAsync(jobId, ErrorGroups, cancellationToken) ?? [];
                errorsReadAt = timeProvider.GetTimestamp();
                failedAtLastRead = status.Failed;
            }

            onUpdate(status, errors);
            if (final)
            {
                return (status, errors);
            }

            await Task.Delay(PollInterval, timeProvider, cancellationToken);
        }
    }
}
