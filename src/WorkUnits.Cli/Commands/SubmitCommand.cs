using System.Text.Json;
using WorkUnits.Cli.CommandLine;
using WorkUnits.Contracts;

namespace WorkUnits.Cli.Commands;

/// <summary>
/// <c>workunits submit &lt;jobType&gt;</c>: submits a job to a running orchestrator, and maybe waits for it.
/// </summary>
internal static class SubmitCommand
{
    public static async Task<int> RunAsync(ParsedArguments args, TextWriter output, CancellationToken cancellationToken)
    {
        if (args.Positional.Count == 0)
        {
            throw new UsageException(
                "'submit' needs a job type, for example: workunits submit synthetic --param units=1000");
        }

        Guid? jobId = null;
        if (args.Value("--id") is { } id)
        {
            jobId = Guid.TryParse(id, out var parsed)
                ? parsed
                : throw new UsageException($"--id '{id}' is not a GUID.");
        }

        var submit = new SubmitJob
        {
            JobId = jobId,
            JobType = args.Positional[0],
            Parameters = JobParameters.ToJson(args.Values("--param")),
            Settings = JobSettingsArguments.Parse(args.Values("--setting")),
        };

        await using var session = await ClientSession.StartAsync(args, cancellationToken);
        var accepted = await session.Client.SubmitAsync(submit, cancellationToken);

        if (args.Has("--wait"))
        {
            return await JobWaiter.WaitAndPrintAsync(
                session.Client,
                accepted.JobId,
                args.Json,
                output,
                session.TimeProvider,
                cancellationToken);
        }

        var printed = args.Json
            ? JsonSerializer.Serialize(accepted, JsonSerializerOptions.Web)
            : accepted.JobId.ToString();
        output.WriteLine(printed);
        return ExitCodes.Success;
    }
}
