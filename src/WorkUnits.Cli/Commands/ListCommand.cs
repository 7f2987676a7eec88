using System.Globalization;
using WorkUnits.Cli.CommandLine;
using WorkUnits.Cli.Output;
using WorkUnits.Contracts;

namespace WorkUnits.Cli.Commands;

/// <summary><c>workunits list</c>: the newest jobs, optionally of one state or type.</summary>
internal static class ListCommand
{
    public static async Task<int> RunAsync(ParsedArguments args, TextWriter output, CancellationToken cancellationToken)
    {
        var limit = args.Value("--limit") is { } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0
                ? parsed
                : throw new UsageException($"--limit '{text}' is not a positive whole number.")
            : 50;

        await using var session = await ClientSession.StartAsync(args, cancellationToken);
        var jobs = await session.Client.ListAsync(
            new ListJobs(args.Value("--state"), args.Value("--type"), limit, Offset: 0),
            cancellationToken);

        if (args.Json)
        {
            output.WriteLine(JobPrinter.ToJson(jobs));
        }
        else
        {
            JobPrinter.PrintTable(output, jobs);
        }

        return ExitCodes.Success;
    }
}
