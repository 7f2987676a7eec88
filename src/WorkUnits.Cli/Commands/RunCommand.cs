using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WorkUnits.Cli.CommandLine;
using WorkUnits.Hosting;

namespace WorkUnits.Cli.Commands;

/// <summary><c>workunits run</c>: the long-running service in the orchestrator role, the worker role, or both.</summary>
internal static class RunCommand
{
    public static async Task<int> RunAsync(ParsedArguments args)
    {
        var role = ParseRole(args.Value("--role"));
        var builder = CommandHost.CreateBuilder(args, role, LogLevel.Information);

        CommandHost.AddWorkUnits(builder, ServiceMode.BrokerAndDatabase);

        using var host = builder.Build();
        await host.RunAsync();
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
