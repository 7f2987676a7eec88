using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace WorkUnits.IntegrationTests.Infrastructure;

/// <summary>
/// The RabbitMQ broker and PostgreSQL server every integration test uses, found once per test run: from the
/// environment variables <c>RabbitMq__Url</c> and <c>Postgres__ConnectionString</c> when they are set, otherwise
/// started in Docker by Testcontainers. Without either, every integration test fails with the instructions below;
/// none is skipped.
/// </summary>
internal static class TestServices
{
    public const string RabbitMqUrlVariable = "RabbitMq__Url";
    public const string RabbitMqManagementUrlVariable = "RabbitMq__ManagementUrl";
    public const string PostgresVariable = "Postgres__ConnectionString";

    private const string HowToProvide =
        "Integration tests need RabbitMQ (with the management plugin) and PostgreSQL. Either set\n" +
        "  RabbitMq__Url=amqp://user:pass@host:5672/vhost   (the user must be an administrator; the management\n" +
        "    API is expected on port 15672 of the same host, or set RabbitMq__ManagementUrl=http://host:15672/)\n" +
        "  Postgres__ConnectionString='Host=host;Username=user;Password=pass;Database=db'   (the user needs\n" +
        "    CREATEDB: ALTER ROLE user CREATEDB)\n" +
        "or start a Docker engine so that Testcontainers can run rabbitmq:3.13-management and postgres:15,\n" +
        "or run `bash .ci/run`, which installs and starts both locally. By hand on Debian:\n" +
        "  apt-get update && apt-get install -y rabbitmq-server && rabbitmq-plugins enable rabbitmq_management\n" +
        "  rabbitmq-server -detached; until rabbitmqctl ping >/dev/null 2>&1; do sleep 1; done\n" +
        "  rabbitmqctl await_startup && pg_ctlcluster 15 main start";

    private static readonly Lazy<Task<RabbitMqServer>> RabbitMq = new(FindRabbitMqAsync);
    private static readonly Lazy<Task<string>> Postgres = new(FindPostgresAsync);

    /// <summary>The broker, started on first use.</summary>
    public static Task<RabbitMqServer> GetRabbitMqAsync() => RabbitMq.Value;

    /// <summary>A connection string to the server, started on first use; it may create databases.</summary>
    public static Task<string> GetPostgresAsync() => Postgres.Value;

    private static async Task<RabbitMqServer> FindRabbitMqAsync()
    {
        var url = Environment.GetEnvironmentVariable(RabbitMqUrlVariable);
        var managementUrl = Environment.GetEnvironmentVariable(RabbitMqManagementUrlVariable);
        if (!string.IsNullOrWhiteSpace(url))
        {
            return RabbitMqServer.Parse(url, managementUrl);
        }

        // Testcontainers' reaper removes the container when the test process exits.
        var container = await StartInDockerAsync(
            "RabbitMQ",
            () => new RabbitMqBuilder("rabbitmq:3.13-management").WithPortBinding(15672, assignRandomHostPort: true),
            builder => builder.Build(),
            (container, token) => container.StartAsync(token));

        var management = new UriBuilder("http", container.Hostname, container.GetMappedPublicPort(15672)).Uri;
        return RabbitMqServer.Parse(container.GetConnectionString(), management.ToString());
    }

    private static async Task<string> FindPostgresAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable(PostgresVariable);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return connectionString;
        }

        var container = await StartInDockerAsync(
            "PostgreSQL",
            () => new PostgreSqlBuilder("postgres:15"),
            builder => builder.Build(),
            (container, token) => container.StartAsync(token));

        return container.GetConnectionString();
    }

    private static async Task<TContainer> StartInDockerAsync<TBuilder, TContainer>(
        string service,
        Func<TBuilder> createBuilder,
        Func<TBuilder, TContainer> build,
        Func<TContainer, CancellationToken, Task> start)
    {
        try
        {
            var container = build(createBuilder());
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await start(container, timeout.Token);
            return container;
        }
        catch (Exception exception)
        {
            throw new InvalidOperationException(
                $"{service} is not configured and could not be started in Docker " +
                $"({exception.GetType().Name}: {exception.Message}).\n{HowToProvide}",
                exception);
        }
    }
}
