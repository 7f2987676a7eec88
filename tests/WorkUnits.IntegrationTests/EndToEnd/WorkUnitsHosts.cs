using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WorkUnits.BuiltInJobs;
using WorkUnits.Hosting;
using WorkUnits.IntegrationTests.Infrastructure;

namespace WorkUnits.IntegrationTests.EndToEnd;

/// <summary>
/// Builds WorkUnits hosts on a fixture's RabbitMQ vhost and PostgreSQL database, the way `workunits run` does.
/// </summary>
internal static class WorkUnitsHosts
{
    public static async Task<IHost> StartAsync(
        ServiceEndpoints endpoints,
        WorkUnitsRole role,
        Action<WorkUnitsBuilder>? addJobTypes = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RabbitMq:Url"] = endpoints.RabbitMqUrl,
            ["Postgres:ConnectionString"] = endpoints.PostgresConnectionString,
            ["WorkUnits:Role"] = role.ToString(),
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddWorkUnits(builder.Configuration, workUnits =>
        {
            workUnits.AddBuiltInJobTypes();
            addJobTypes?.Invoke(workUnits);
            workUnits.UseRabbitMq();
            workUnits.UsePostgreSql();
        });

        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public static WorkUnitsClient Client(this IHost host) => host.Services.GetRequiredService<WorkUnitsClient>();
}
