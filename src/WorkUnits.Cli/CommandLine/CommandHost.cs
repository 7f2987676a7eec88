using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WorkUnits.BuiltInJobs;
using WorkUnits.Hosting;

namespace WorkUnits.Cli.CommandLine;

/// <summary>Builds the host a command runs in, from the same configuration every role reads.</summary>
internal static class CommandHost
{
    public const string RabbitMqUrlKey = "RabbitMq:Url";
    public const string PostgresKey = "Postgres:ConnectionString";

    /// <summary>Where the service listens when neither ASPNETCORE_URLS, --urls nor Kestrel settings say.</summary>
    public const string DefaultUrl = "http://localhost:8080";

    public static HostApplicationBuilder CreateBuilder(ParsedArguments args, WorkUnitsRole? role, LogLevel minimumLevel)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [.. args.ConfigurationArguments],
            ContentRootPath = AppContext.BaseDirectory,
        });

        Configure(builder, role, minimumLevel);
        return builder;
    }

    /// <summary>
    /// A web host for the long-running service, with the same configuration sources in the same order as
    /// <see cref="CreateBuilder"/>; it listens where ASP.NET Core settings say, or on <see cref="DefaultUrl"/>.
    /// </summary>
    public static WebApplicationBuilder CreateWebBuilder(
        ParsedArguments args,
        WorkUnitsRole? role,
        LogLevel minimumLevel)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [.. args.ConfigurationArguments],
            ContentRootPath = AppContext.BaseDirectory,
        });

        Configure(builder, role, minimumLevel);
        if (!HasListenAddress(builder.Configuration))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        return builder;
    }

    /// <summary>
    /// The services the configuration names: both or neither of RabbitMQ and PostgreSQL, or RabbitMQ alone
    /// when a command only talks to a running orchestrator.
    /// </summary>
    public static ServiceMode DetectServices(IConfiguration configuration, bool needsDatabase)
    {
        var hasBroker = !string.IsNullOrWhiteSpace(configuration[RabbitMqUrlKey]);
        var hasDatabase = !string.IsNullOrWhiteSpace(configuration[PostgresKey]);

        if (hasBroker && (hasDatabase || !needsDatabase))
        {
            return needsDatabase ? ServiceMode.BrokerAndDatabase : ServiceMode.Broker;
        }

        if (hasDatabase)
        {
            throw new ConfigurationProblemException(
                $"{PostgresKey} is set but {RabbitMqUrlKey} is not; "
                + "set RabbitMq__Url as well, or neither for the embedded default.");
        }

        if (hasBroker)
        {
            throw new ConfigurationProblemException(
                $"{RabbitMqUrlKey} is set but {PostgresKey} is not; "
                + "set Postgres__ConnectionString as well, or neither for the embedded default.");
        }

        return ServiceMode.Embedded;
    }

    public static void AddWorkUnits(IHostApplicationBuilder builder, ServiceMode mode)
    {
        builder.Services.AddWorkUnits(builder.Configuration, workUnits =>
        {
            workUnits.AddBuiltInJobTypes();

            if (mode != ServiceMode.Embedded)
            {
                workUnits.UseRabbitMq();
            }

            if (mode == ServiceMode.BrokerAndDatabase)
            {
                workUnits.UsePostgreSql();
            }
        });
    }

    private static void Configure(IHostApplicationBuilder builder, WorkUnitsRole? role, LogLevel minimumLevel)
    {
        if (role is not null)
        {
            builder.Configuration.AddInMemoryCollection([new("WorkUnits:Role", role.Value.ToString())]);
        }

        builder.Logging.SetMinimumLevel(minimumLevel);
        builder.Logging.AddFilter("MassTransit", minimumLevel < LogLevel.Warning ? LogLevel.Warning : minimumLevel);

        // Request logs at Information would add a line per probe; the service's own lines are what matter.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        // Npgsql logs every command at Information: a line per unit on the hot path, which costs throughput.
        builder.Logging.AddFilter("Npgsql", minimumLevel < LogLevel.Warning ? LogLevel.Warning : minimumLevel);
    }

    private static bool HasListenAddress(ConfigurationManager configuration) =>
        !string.IsNullOrWhiteSpace(configuration["urls"])
        || !string.IsNullOrWhiteSpace(configuration["http_ports"])
        || !string.IsNullOrWhiteSpace(configuration["https_ports"])
        || configuration.GetSection("Kestrel:Endpoints").Exists();
}
