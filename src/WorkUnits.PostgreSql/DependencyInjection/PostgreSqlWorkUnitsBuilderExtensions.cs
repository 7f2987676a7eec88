using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using WorkUnits.Hosting;
using WorkUnits.PostgreSql;
using WorkUnits.PostgreSql.Sagas;
using WorkUnits.PostgreSql.Storage;
using WorkUnits.Storage;

// Extension methods live in the namespace that service registration code already imports.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Keeps WorkUnits' state in PostgreSQL.</summary>
public static class PostgreSqlWorkUnitsBuilderExtensions
{
    /// <summary>
    /// Stores jobs, units and the job saga in PostgreSQL, using the connection string in
    /// <c>Postgres:ConnectionString</c>. The tables are created at start-up if they are missing. A missing or
    /// malformed connection string stops the host from starting.
    /// </summary>
    /// <param name="builder">The builder handed to the <c>AddWorkUnits</c> callback.</param>
    /// <returns>The same builder.</returns>
    public static WorkUnitsBuilder UsePostgreSql(this WorkUnitsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var services = builder.Services;
        services.AddOptions<PostgresOptions>()
            .Bind(builder.Configuration.GetSection(PostgresOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<PostgresOptions>, PostgresOptionsValidator>());

        services.TryAddKeyedSingleton(
            PostgresOptions.DataSourceKey,
            static (provider, _) => CreateDataSource(provider));
        services.TryAddSingleton<PostgresRetry>();
        services.AddSingleton<IWorkUnitStore, PostgresWorkUnitStore>();

        builder.HasDurableStore = true;
        builder.ConfigureSagaRepository = saga => saga.PostgresRepository(PostgresSchema.JobSagasTable);

        return builder;
    }

    private static NpgsqlDataSource CreateDataSource(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<PostgresOptions>>().Value;

        return new NpgsqlDataSourceBuilder(options.ConnectionString)
            .UseLoggerFactory(provider.GetRequiredService<ILoggerFactory>())
            .Build();
    }
}
