using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WorkUnits.BuiltInJobs;
using WorkUnits.Cli.CommandLine;
using WorkUnits.Cli.Output;
using WorkUnits.Contracts;
using WorkUnits.Hosting;

namespace WorkUnits.Cli.Commands;

/// <summary>
/// <c>workunits demo</c>: the orchestrator and a worker in this process run one job and print its result.
/// With no services configured it uses the in-memory transport and store.
/// </summary>
internal static class DemoCommand
{
    private static readonly string[] DefaultSyntheticParameters = ["units=10000"];

    public static async Task<int> RunAsync(ParsedArguments args, TextWriter output, CancellationToken cancellationToken)
    {
        var jobType = args.Value("--job") ?? BuiltInJobTypes.Synthetic;
        var parameters = args.Values("--param");
        if (parameters.Count == 0 && jobType == BuiltInJobTypes.Synthetic)
        {
            parameters = DefaultSyntheticParameters;
        }

        var builder = CommandHost.CreateBuilder(args, WorkUnitsRole.All, LogLevel.Warning);
        var mode = CommandHost.DetectServices(builder.Configuration, needsDatabase: true);
        CommandHost.AddWorkUnits(builder, mode);

        using var host = builder.Build();
        await host.StartAsync(cancellationToken);
        try
        {
            var client = host.Services.GetRequiredService<WorkUnitsClient>();
            if (!args.Json)
            {
                var where = mode == ServiceMode.Embedded
                    ? "embedded: in-memory transport and store"
                    : "RabbitMQ and PostgreSQL";
                output.WriteLine($"Running a {jobType} job ({where}).");
            }

            var submit = new SubmitJob { JobType = jobType, Parameters = JobParameters.ToJson(parameters) };
            var accepted = await client.SubmitAsync(submit, cancellationToken);

            return await JobWaiter.WaitAndPrintAsync(
                client,
                accepted.JobId,
                args.Json,
                output,
                host.Services.GetRequiredService<TimeProvider>(),
                cancellationToken);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
