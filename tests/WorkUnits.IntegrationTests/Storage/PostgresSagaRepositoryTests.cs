using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NUnit.Framework;
using WorkUnits.IntegrationTests.Infrastructure;
using WorkUnits.IntegrationTests.Storage.Counting;
using WorkUnits.PostgreSql;
using WorkUnits.PostgreSql.Sagas;
using WorkUnits.PostgreSql.Storage;

namespace WorkUnits.IntegrationTests.Storage;

/// <summary>A state machine on MassTransit's in-memory transport, with its instances kept by the repository.</summary>
public sealed class PostgresSagaRepositoryTests : ServiceFixture
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private PostgresSagaStore<CounterState> _store = null!;
    private ITestHarness _harness = null!;

    [OneTimeSetUp]
    public async Task StartBusAsync()
    {
        var dataSource = Own(NpgsqlDataSource.Create(Endpoints.PostgresConnectionString));
        await PostgresSchema.CreateAsync(dataSource, CancellationToken.None);

        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddKeyedSingleton(PostgresOptions.DataSourceKey, dataSource);
        services.AddSingleton(new PostgresRetry(NullLogger<PostgresRetry>.Instance, TimeProvider.System));
        services.AddMassTransitTestHarness(bus =>
        {
            bus.AddSagaStateMachine<CounterStateMachine, CounterState>()
                .PostgresRepository(PostgresSchema.JobSagasTable);

            // Concurrent events for one instance conflict on its version; each retry reloads the instance.
            bus.AddConfigureEndpointsCallback((_, _, endpoint) =>
                endpoint.UseMessageRetry(retry => retry.Immediate(50)));
        });

        var provider = Own(services.BuildServiceProvider(validateScopes: true));
        _store = provider.GetRequiredService<PostgresSagaStore<CounterState>>();
        _harness = provider.GetRequiredService<ITestHarness>();
        await _harness.Start();
    }

    [OneTimeTearDown]
    public async Task StopBusAsync() => await _harness.Stop();

    [Test]
    public async Task Events_StartedThenIncremented_PersistStateAndCount()
    {
        var id = Guid.NewGuid();

        await _harness.Bus.Publish(new CounterStarted(id));
        await WaitForAsync(id, counter => counter?.CurrentState == "Counting");
        await _harness.Bus.Publish(new CounterIncremented(id));
        var counter = await WaitForAsync(id, counter => counter?.Count == 1);

        Assert.That(counter!.CurrentState, Is.EqualTo("Counting"));
        Assert.That(counter.Version, Is.EqualTo(2));
    }

    [Test]
    public async Task Events_ManyConcurrentIncrements_EachAppliedExactlyOnce()
    {
        const int Increments = 20;
        var id = Guid.NewGuid();
        await _harness.Bus.Publish(new CounterStarted(id));
        await WaitForAsync(id, counter => counter is not null);

        await Task.WhenAll(Enumerable.Range(0, Increments).Select(_ =>
            _harness.Bus.Publish(new CounterIncremented(id))));
        var counter = await WaitForAsync(id, counter => counter?.Count >= Increments);

        Assert.That(counter!.Count, Is.EqualTo(Increments));
        Assert.That(counter.Version, Is.EqualTo(Increments + 1));
    }

    [Test]
    public async Task Events_Stopped_RemovesTheInstance()
    {
        var id = Guid.NewGuid();
        await _harness.Bus.Publish(new CounterStarted(id));
        await WaitForAsync(id, counter => counter is not null);

        await _harness.Bus.Publish(new CounterStopped(id));
        var counter = await WaitForAsync(id, counter => counter is null);

        Assert.That(counter, Is.Null);
    }

    private async Task<CounterState?> WaitForAsync(Guid id, Func<CounterState?, bool> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var counter = await _store.LoadAsync(id, timeout.Token);
            if (condition(counter))
            {
                return counter;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), timeout.Token);
        }
    }
}
