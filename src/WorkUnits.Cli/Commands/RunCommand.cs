using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WorkUnits.Cli.CommandLine;
using WorkUnits.Cli.Telemetry;
using WorkUnits.Hosting;

namespace WorkUnits.Cli.Commands;

/// <summary>
/// <c>workunits run</c>: the long-running service in the orchestrator role, the worker role, or both. Every role
/// serves <c>/health/live</c> and <c>/health/ready</c>; the orchestrator and all roles also serve the job API and
/// the dashboard.
/// </summary>
internal static class RunCommand
{
    public static async Task<int> RunAsync(ParsedArguments args)
    {
        var role = ParseRole(args.Value("--role"));
        var builder = CommandHost.CreateWebBuilder(args, role, LogLevel.Information);

        CommandHost.AddWorkUnits(builder, ServiceMode.BrokerAndDatabase);
        builder.Services.AddWorkUnitsWeb(builder.Configuration);
        builder.Services.AddWorkUnitsOpenTelemetry(builder.Configuration);
        builder.Host.StartWebServerFirst();

        await using var app = builder.Build();
        app.MapWorkUnitsWeb();

        await app.RunAsync();
        return ExitCodes.Success;
    }

    private static WorkUnitsRole? ParseRole(string? value) => value switch
    {
        null => null,
        "all" => WorkUnitsRole.All,
        "orchestrator" => WorkUnitsRole.Orchestrator,
        "worker" => WorkUnitsRole.Worker,
        _ => throw new UsageException($"--role '{value}' is not one of all, orchestrator, worker."),
    };
}
