using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WorkUnits.Cli.CommandLine;
using WorkUnits.Hosting;

namespace WorkUnits.Cli.Commands;

/// <summary>A started client-only host for commands that talk to a running orchestrator over RabbitMQ.</summary>
internal sealed class ClientSession : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly IHost _host;

    private ClientSession(IHost host) => _host = host;

    public WorkUnitsClient Client => _host.Services.GetRequiredService<WorkUnitsClient>();

    public TimeProvider TimeProvider => _host.Services.GetRequiredService<TimeProvider>();

    public static async Task<ClientSession> StartAsync(ParsedArguments args, CancellationToken cancellationToken)
    {
        var builder = CommandHost.CreateBuilder(args, WorkUnitsRole.Client, LogLevel.Warning);
        if (string.IsNullOrWhiteSpace(builder.Configuration[CommandHost.RabbitMqUrlKey]))
        {
            throw new ConfigurationProblemException(
                $"{CommandHost.RabbitMqUrlKey} is not set: point RabbitMq__Url at the broker the orchestrator uses "
                + "(amqp://user:password@host:5672/vhost). "
                + "For a first look without any services, run 'workunits demo'.");
        }

        CommandHost.AddWorkUnits(builder, ServiceMode.Broker);
        var host = builder.Build();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        try
        {
            await host.StartAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            host.Dispose();
            throw new TimeoutException(
                $"Could not connect to RabbitMQ within {StartTimeout.TotalSeconds:F0} s (RabbitMq:Url).");
        }

        return new ClientSession(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
