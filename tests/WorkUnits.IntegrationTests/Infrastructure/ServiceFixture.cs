using NUnit.Framework;

namespace WorkUnits.IntegrationTests.Infrastructure;

/// <summary>
/// Base of every integration-test fixture. Before the fixture's first test it creates a fresh RabbitMQ virtual
/// host and a fresh PostgreSQL database, named <c>workunits_test_</c> and a random suffix; after its last test it
/// disposes what the fixture handed to <see cref="Own{T}"/>, newest first, and deletes both.
/// </summary>
public abstract class ServiceFixture
{
    private readonly List<object> _owned = [];
    private readonly List<string> _databases = [];
    private readonly List<string> _virtualHosts = [];
    private string? _postgres;
    private RabbitMqServer? _rabbitMq;

    /// <summary>The fixture's own virtual host and database.</summary>
    protected ServiceEndpoints Endpoints { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task CreateServiceEndpointsAsync() => Endpoints = await CreateEndpointsAsync();

    [OneTimeTearDown]
    public async Task DeleteServiceEndpointsAsync()
    {
        var failures = new List<Exception>();

        for (var index = _owned.Count - 1; index >= 0; index--)
        {
            await TryAsync(failures, () => DisposeAsync(_owned[index]).AsTask());
        }

        foreach (var database in _databases)
        {
            await TryAsync(failures, () => PostgresDatabases.DropAsync(_postgres!, database, CancellationToken.None));
        }

        using (var virtualHosts = _rabbitMq is null ? null : new RabbitMqVirtualHosts(_rabbitMq))
        {
            foreach (var virtualHost in _virtualHosts)
            {
                await TryAsync(failures, () => virtualHosts!.DeleteAsync(virtualHost, CancellationToken.None));
            }
        }

        if (failures.Count > 0)
        {
            throw new AggregateException("Cleaning up the integration-test services failed.", failures);
        }
    }

    /// <summary>Creates one more isolated pair, for tests that need two; deleted with the fixture's own.</summary>
    protected async Task<ServiceEndpoints> CreateEndpointsAsync()
    {
        var name = $"workunits_test_{Guid.NewGuid():N}"[..27];

        _rabbitMq = await TestServices.GetRabbitMqAsync();
        _postgres = await TestServices.GetPostgresAsync();

        using (var virtualHosts = new RabbitMqVirtualHosts(_rabbitMq))
        {
            await virtualHosts.CreateAsync(name, CancellationToken.None);
            _virtualHosts.Add(name);
        }

        var connectionString = await PostgresDatabases.CreateAsync(_postgres, name, CancellationToken.None);
        _databases.Add(name);

        return new ServiceEndpoints(_rabbitMq.UrlFor(name), connectionString);
    }

    /// <summary>
    /// Closes every connection to the fixture's own virtual host, once at least <paramref name="atLeast"/> are
    /// open; the hosts' buses reconnect by themselves.
    /// </summary>
    /// <returns>How many connections were closed.</returns>
    protected async Task<int> CloseBrokerConnectionsAsync(int atLeast)
    {
        using var virtualHosts = new RabbitMqVirtualHosts(_rabbitMq!);
        return await virtualHosts.CloseConnectionsAsync(_virtualHosts[0], atLeast, CancellationToken.None);
    }

    /// <summary>Disposes <paramref name="disposable"/> when the fixture ends, before its services go.</summary>
    protected T Own<T>(T disposable)
        where T : class
    {
        if (disposable is not (IAsyncDisposable or IDisposable))
        {
            throw new ArgumentException($"{typeof(T).Name} is not disposable.", nameof(disposable));
        }

        _owned.Add(disposable);
        return disposable;
    }

    private static ValueTask DisposeAsync(object owned)
    {
        if (owned is IAsyncDisposable asyncDisposable)
        {
            return asyncDisposable.DisposeAsync();
        }

        ((IDisposable)owned).Dispose();
        return ValueTask.CompletedTask;
    }

    private static async Task TryAsync(List<Exception> failures, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception exception)
        {
            failures.Add(exception);
        }
    }
}
