using MassTransit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using NUnit.Framework;
using WorkUnits.IntegrationTests.Infrastructure;
using WorkUnits.Orchestration;
using WorkUnits.PostgreSql;
using WorkUnits.PostgreSql.Sagas;
using WorkUnits.PostgreSql.Storage;

namespace WorkUnits.IntegrationTests.Storage;

public sealed class PostgresSagaStoreTests : ServiceFixture
{
    private PostgresSagaStore<JobTrackingState> _store = null!;

    [OneTimeSetUp]
    public async Task CreateStoreAsync()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var retry = new PostgresRetry(NullLogger<PostgresRetry>.Instance, time);
        var dataSource = Own(NpgsqlDataSource.Create(Endpoints.PostgresConnectionString));
        _store = new PostgresSagaStore<JobTrackingState>(
            dataSource,
            retry,
            time,
            new PostgresSagaTable<JobTrackingState>(PostgresSchema.JobSagasTable));

        await PostgresSchema.CreateAsync(dataSource, CancellationToken.None);
    }

    [Test]
    public async Task InsertAsync_NewInstance_LoadsBackEveryPropertyAsVersionOne()
    {
        var instance = NewInstance();

        await _store.InsertAsync(instance, CancellationToken.None);
        var loaded = await _store.LoadAsync(instance.CorrelationId, CancellationToken.None);

        Assert.That(loaded, Is.Not.Null);
        Assert.That(loaded!.Version, Is.EqualTo(1));
        Assert.That(loaded.CurrentState, Is.EqualTo("Running"));
        Assert.That(loaded.JobType, Is.EqualTo("thumbnails"));
        Assert.That(loaded.Total, Is.EqualTo(1_000_000));
        Assert.That(loaded.AcceptedAt, Is.EqualTo(instance.AcceptedAt));
        Assert.That(await ReadCurrentStateColumnAsync(instance.CorrelationId), Is.EqualTo("Running"));
    }

    [Test]
    public async Task LoadAsync_UnknownId_ReturnsNull()
    {
        var loaded = await _store.LoadAsync(Guid.NewGuid(), CancellationToken.None);

        Assert.That(loaded, Is.Null);
    }

    [Test]
    public async Task TryInsertAsync_IdAlreadyStored_ReturnsFalseAndKeepsTheStoredInstance()
    {
        var instance = NewInstance();
        await _store.InsertAsync(instance, CancellationToken.None);
        var rival = NewInstance(instance.CorrelationId);
        rival.JobType = "rival";

        var inserted = await _store.TryInsertAsync(rival, CancellationToken.None);
        var loaded = await _store.LoadAsync(instance.CorrelationId, CancellationToken.None);

        Assert.That(inserted, Is.False);
        Assert.That(loaded!.JobType, Is.EqualTo("thumbnails"));
    }

    [Test]
    public async Task InsertAsync_SameIdConcurrently_OneWinsAndTheOthersConflict()
    {
        var id = Guid.NewGuid();

        var inserts = Enumerable.Range(0, 8)
            .Select(_ => Task.Run(() => _store.InsertAsync(NewInstance(id), CancellationToken.None)))
            .ToList();
        var outcomes = await Task.WhenAll(inserts.Select(CatchAsync));

        Assert.That(outcomes.Count(exception => exception is null), Is.EqualTo(1));
        Assert.That(outcomes.Where(exception => exception is not null), Is.All.InstanceOf<ConcurrencyException>());
    }

    [Test]
    public async Task UpdateAsync_LoadedVersion_SavesTheNextVersion()
    {
        var instance = NewInstance();
        await _store.InsertAsync(instance, CancellationToken.None);
        var loaded = await _store.LoadAsync(instance.CorrelationId, CancellationToken.None);

        loaded!.Succeeded = 42;
        loaded.CurrentState = "Finalizing";
        await _store.UpdateAsync(loaded, CancellationToken.None);
        var reloaded = await _store.LoadAsync(instance.CorrelationId, CancellationToken.None);

        Assert.That(reloaded!.Version, Is.EqualTo(2));
        Assert.That(reloaded.Succeeded, Is.EqualTo(42));
        Assert.That(await ReadCurrentStateColumnAsync(instance.CorrelationId), Is.EqualTo("Finalizing"));
    }

    [Test]
    public async Task UpdateAsync_StaleVersion_ThrowsConcurrencyExceptionAndKeepsTheNewerSave()
    {
        var instance = NewInstance();
        await _store.InsertAsync(instance, CancellationToken.None);
        var first = await _store.LoadAsync(instance.CorrelationId, CancellationToken.None);
        var second = await _store.LoadAsync(instance.CorrelationId, CancellationToken.None);
        first!.Succeeded = 1;
        await _store.UpdateAsync(first, CancellationToken.None);

        second!.Succeeded = 2;
        var conflict = Assert.ThrowsAsync<ConcurrencyException>(() =>
            _store.UpdateAsync(second, CancellationToken.None));
        var stored = await _store.LoadAsync(instance.CorrelationId, CancellationToken.None);

        Assert.That(conflict!.CorrelationId, Is.EqualTo(instance.CorrelationId));
        Assert.That(second.Version, Is.EqualTo(1));
        Assert.That(stored!.Succeeded, Is.EqualTo(1));
        Assert.That(stored.Version, Is.EqualTo(2));
    }

    [Test]
    public async Task DeleteAsync_StaleVersion_ThrowsAndKeepsTheRow()
    {
        var instance = NewInstance();
        await _store.InsertAsync(instance, CancellationToken.None);
        var stale = await _store.LoadAsync(instance.CorrelationId, CancellationToken.None);
        var fresh = await _store.LoadAsync(instance.CorrelationId, CancellationToken.None);
        await _store.UpdateAsync(fresh!, CancellationToken.None);

        Assert.ThrowsAsync<ConcurrencyException>(() => _store.DeleteAsync(stale!, CancellationToken.None));
        await _store.DeleteAsync(fresh!, CancellationToken.None);

        Assert.That(await _store.LoadAsync(instance.CorrelationId, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task QueryAsync_ByCorrelationIds_ReturnsThoseInstances()
    {
        var first = NewInstance();
        var second = NewInstance();
        await _store.InsertAsync(first, CancellationToken.None);
        await _store.InsertAsync(second, CancellationToken.None);
        var firstId = first.CorrelationId;

        var found = await _store.QueryAsync(
            saga => saga.CorrelationId == firstId || second.CorrelationId == saga.CorrelationId,
            CancellationToken.None);

        Assert.That(
            found.Select(saga => saga.CorrelationId),
            Is.EquivalentTo(new[] { first.CorrelationId, second.CorrelationId }));
    }

    [Test]
    public void QueryAsync_ByAnotherProperty_IsRefused()
    {
        Assert.ThrowsAsync<NotSupportedException>(() =>
            _store.QueryAsync(saga => saga.JobType == "thumbnails", CancellationToken.None));
    }

    private static JobTrackingState NewInstance(Guid? id = null) => new()
    {
        CorrelationId = id ?? Guid.NewGuid(),
        CurrentState = "Running",
        JobType = "thumbnails",
        MaxFailedUnits = 10,
        Total = 1_000_000,
        AcceptedAt = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)),
    };

    private static async Task<Exception?> CatchAsync(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }

    private async Task<string?> ReadCurrentStateColumnAsync(Guid correlationId)
    {
        await using var connection = new NpgsqlConnection(Endpoints.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT current_state FROM {PostgresSchema.JobSagasTable} WHERE correlation_id = @id",
            connection);
        command.Parameters.AddWithValue("id", correlationId);

        return (string?)await command.ExecuteScalarAsync();
    }
}
