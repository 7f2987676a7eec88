using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NUnit.Framework;
using WorkUnits.Hosting;
using WorkUnits.IntegrationTests.Infrastructure;
using WorkUnits.PostgreSql;
using WorkUnits.PostgreSql.Storage;
using WorkUnits.Storage;

namespace WorkUnits.IntegrationTests.Storage;

public sealed class UsePostgreSqlTests : ServiceFixture
{
    [Test]
    public async Task UsePostgreSql_ValidConnectionString_ResolvesAStoreThatCreatesTheSchema()
    {
        var (builder, services) = CreateBuilder(Endpoints.PostgresConnectionString);

        builder.UsePostgreSql();
        services.AddSingleton(TimeProvider.System);
        await using var provider = services.BuildServiceProvider(validateScopes: true);
        var store = provider.GetRequiredService<IWorkUnitStore>();
        await store.InitializeAsync(CancellationToken.None);

        Assert.That(store, Is.InstanceOf<PostgresWorkUnitStore>());
        Assert.That(builder.HasDurableStore, Is.True);
        Assert.That(await store.GetJobAsync(Guid.NewGuid(), CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task UsePostgreSql_MissingConnectionString_FailsNamingTheSetting()
    {
        var (builder, services) = CreateBuilder(connectionString: null);

        builder.UsePostgreSql();
        await using var provider = services.BuildServiceProvider();
        var failure = Assert.Throws<OptionsValidationException>(() =>
            _ = provider.GetRequiredService<IOptions<PostgresOptions>>().Value);

        Assert.That(failure!.Message, Does.Contain("Postgres:ConnectionString is required"));
    }

    [Test]
    public async Task UsePostgreSql_MalformedConnectionString_FailsWithoutEchoingThePassword()
    {
        var (builder, services) = CreateBuilder("Host=db;Password=s3cret-value;Flavour=odd");

        builder.UsePostgreSql();
        await using var provider = services.BuildServiceProvider();
        var failure = Assert.Throws<OptionsValidationException>(() =>
            _ = provider.GetRequiredService<IOptions<PostgresOptions>>().Value);

        Assert.That(failure!.Message, Does.Contain("Postgres:ConnectionString"));
        Assert.That(failure.Message, Does.Not.Contain("s3cret-value"));
    }

    private static (WorkUnitsBuilder Builder, ServiceCollection Services) CreateBuilder(string? connectionString)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Postgres:ConnectionString"] = connectionString,
            })
            .Build();

        var services = new ServiceCollection();
        services.AddLogging();

        return (new WorkUnitsBuilder(services, configuration), services);
    }
}
