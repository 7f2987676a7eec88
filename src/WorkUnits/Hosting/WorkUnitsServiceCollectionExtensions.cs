using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WorkUnits;
using WorkUnits.Hosting;
using WorkUnits.Orchestration;
using WorkUnits.Storage;
using WorkUnits.Telemetry;
using WorkUnits.Workers;

// Extensions live where callers already look for service registration.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers WorkUnits on a generic host.</summary>
public static class WorkUnitsServiceCollectionExtensions
{
    /// <summary>
    /// Adds WorkUnits in the role set by <c>WorkUnits:Role</c>: the orchestrator, a worker, both, or only a client.
    /// Without further configuration it runs on the in-memory transport and store, all in this process.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The configuration to read settings from.</param>
    /// <param name="configure">Registers job types and chooses the transport and store.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddWorkUnits(
        this IServiceCollection services,
        IConfiguration configuration,
        Action<WorkUnitsBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(configure);

        var builder = new WorkUnitsBuilder(services, configuration);
        configure(builder);
        var role = ReadRole(configuration);

        AddOptions(services, builder);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(builder.JobTypes);
        services.TryAddSingleton<IWorkUnitStore, InMemoryWorkUnitStore>();
        services.AddSingleton<WorkUnitsClient>();

        // Hosted services start in registration order: the schema exists before the bus delivers anything,
        // and the dispatcher starts sending only once the bus is up.
        if (role != WorkUnitsRole.Client)
        {
            services.AddHostedService<StoreInitializer>();
        }

        services.AddMassTransit(bus =>
        {
            bus.ConfigureUsageTelemetryOptions(telemetry => telemetry.Enabled = false);
            BusEndpoints.AddConsumers(bus, role, builder);

            if (builder.Transport == WorkUnitsTransport.RabbitMq)
            {
                bus.UsingRabbitMq((context, rabbitMq) =>
                {
                    ConfigureHost(rabbitMq, context.GetRequiredService<IOptions<RabbitMqOptions>>().Value);
                    ConfigureEndpoints(rabbitMq, context, role);
                });
            }
            else
            {
                bus.UsingInMemory((context, inMemory) => ConfigureEndpoints(inMemory, context, role));
            }
        });

        services.AddOptions<MassTransitHostOptions>().Configure<IOptions<WorkerOptions>>((host, worker) =>
        {
            host.WaitUntilStarted = true;
            host.StopTimeout = worker.Value.ShutdownGracePeriod;
        });

        if (role.RunsOrchestrator())
        {
            services.AddSingleton<UnitSender>();
            services.AddSingleton<JobDispatcher>();
            services.AddSingleton<OutcomeRecorder>();
            services.AddHostedService(provider => provider.GetRequiredService<JobDispatcher>());
            services.AddHostedService(provider => provider.GetRequiredService<OutcomeRecorder>());
            services.AddHostedService<BacklogGauge>();
            services.AddSingleton<RetryBackoff>();
            services.AddSingleton<UnitSweeper>();
            services.AddHostedService(provider => provider.GetRequiredService<UnitSweeper>());
        }

        if (role.RunsWorker())
        {
            services.AddSingleton<RunningUnits>();
            services.AddSingleton<OutcomeSender>();
            services.AddSingleton<UnitRunner>();
        }

        return services;
    }

    private static WorkUnitsRole ReadRole(IConfiguration configuration)
    {
        var value = configuration[$"{WorkUnitsOptions.SectionName}:{nameof(WorkUnitsOptions.Role)}"];
        if (string.IsNullOrEmpty(value))
        {
            return WorkUnitsRole.All;
        }

        if (!Enum.TryParse<WorkUnitsRole>(value, ignoreCase: true, out var role) || !Enum.IsDefined(role))
        {
            throw new OptionsValidationException(
                "WorkUnits:Role",
                typeof(WorkUnitsOptions),
                [$"WorkUnits:Role is '{value}'; use All, Orchestrator, Worker or Client."]);
        }

        return role;
    }

    private static void AddOptions(IServiceCollection services, WorkUnitsBuilder builder)
    {
        services.AddOptions<WorkUnitsOptions>()
            .BindConfiguration(WorkUnitsOptions.SectionName)
            .ValidateOnStart();
        services.AddOptions<OrchestratorOptions>()
            .BindConfiguration(OrchestratorOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<WorkerOptions>()
            .BindConfiguration(WorkerOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        if (builder.Transport == WorkUnitsTransport.RabbitMq)
        {
            services.AddSingleton<IValidateOptions<RabbitMqOptions>, RabbitMqOptionsValidator>();
            services.AddOptions<RabbitMqOptions>()
                .BindConfiguration(RabbitMqOptions.SectionName)
                .ValidateDataAnnotations()
                .ValidateOnStart();
        }
    }

    private static void ConfigureHost(IRabbitMqBusFactoryConfigurator rabbitMq, RabbitMqOptions options)
    {
        var address = RabbitMqAddress.Parse(options.Url!);

        rabbitMq.Host(address.Host, (ushort)address.Port, address.VirtualHost, host =>
        {
            host.Username(address.User);
            host.Password(address.Password);
            if (address.UseTls)
            {
                host.UseSsl(tls => tls.ServerName = address.Host);
            }
        });
    }

    private static void ConfigureEndpoints(
        IBusFactoryConfigurator bus,
        IBusRegistrationContext context,
        WorkUnitsRole role)
    {
        BusEndpoints.Configure(
            bus,
            context,
            role,
            context.GetRequiredService<IOptions<OrchestratorOptions>>().Value,
            context.GetRequiredService<IOptions<WorkerOptions>>().Value);
    }
}
