using WorkUnits.Cli.CommandLine;
using WorkUnits.Cli.Output;

namespace WorkUnits.Cli.Commands;

/// <summary><c>workunits status &lt;jobId&gt;</c>: one job's state, counts and result.</summary>
internal static class StatusCommand
{
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

        var errors = status.Failed > 0
            ? await session.Client.GetErrorsAsync(jobId, cancellationToken: cancellationToken)
            : null;

        if (args.Json)
        {
            output.WriteLine(JobPrinter.ToJson(status, errors ?? []));
        }
        else
        {
            JobPrinter.PrintText(output, status, errors);
        }

        return ExitCodes.Success;
    }
}
