using System.Linq.Expressions;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace WorkUnits.PostgreSql.Sagas;

/// <summary>
/// Reads and writes saga instances as JSON rows with a version for optimistic concurrency. Nothing is locked
/// between loading an instance and saving it: a save from a stale version, or an insert of an id that another
/// message inserted first, throws <see cref="ConcurrencyException"/> so that MassTransit's message retry runs the
/// message again against the stored row.
/// </summary>
/// <typeparam name="TSaga">The saga type.</typeparam>
internal sealed class PostgresSagaStore<TSaga>
    where TSaga : class, ISagaVersion
{
    // The instance's own property names, so that current_state can be read from the document.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresRetry _retry;
    private readonly TimeProvider _timeProvider;
    private readonly string _table;

    public PostgresSagaStore(
        [FromKeyedServices(PostgresOptions.DataSourceKey)] NpgsqlDataSource dataSource,
        PostgresRetry retry,
        TimeProvider timeProvider,
        PostgresSagaTable<TSaga> table)
    {
        _dataSource = dataSource;
        _retry = retry;
        _timeProvider = timeProvider;
        _table = table.Name;
    }

    public async Task<TSaga?> LoadAsync(Guid correlationId, CancellationToken cancellationToken)
    {
        var instances = await QueryAsync([correlationId], cancellationToken);
        return instances.Count == 0 ? null : instances[0];
    }

    public Task<List<TSaga>> QueryAsync(Expression<Func<TSaga, bool>> filter, CancellationToken cancellationToken) =>
        QueryAsync(CorrelationIdFilter.GetCorrelationIds(filter), cancellationToken);

    /// <summary>Stores a new instance as version 1; returns false when the id is already stored.</summary>
    public async Task<bool> TryInsertAsync(TSaga instance, CancellationToken cancellationToken)
    {
        var sql = $"""
            INSERT INTO {_table} (correlation_id, current_state, version, data, updated_at)
            VALUES (@correlation_id, @data ->> 'CurrentState', @version, @data, @now)
            ON CONFLICT (correlation_id) DO NOTHING
            """;

        var previousVersion = instance.Version;
        instance.Version = 1;

        var inserted = await ExecuteAsync("insert saga", sql, instance, expectedVersion: null, cancellationToken);
        if (inserted == 0)
        {
            instance.Version = previousVersion;
        }

        return inserted == 1;
    }

    /// <summary>Stores a new instance; throws <see cref="ConcurrencyException"/> if the id is stored.</summary>
    public async Task InsertAsync(TSaga instance, CancellationToken cancellationToken)
    {
        if (!await TryInsertAsync(instance, cancellationToken))
        {
            throw Conflict("inserted", instance);
        }
    }

    /// <summary>Saves a loaded instance as its next version, if nobody saved it since it was loaded.</summary>
    public async Task UpdateAsync(TSaga instance, CancellationToken cancellationToken)
    {
        var sql = $"""
            UPDATE {_table}
            SET current_state = @data ->> 'CurrentState', version = @version, data = @data, updated_at = @now
            WHERE correlation_id = @correlation_id AND version = @expected_version
            """;

        var loadedVersion = instance.Version;
        instance.Version = loadedVersion + 1;

        var updated = await ExecuteAsync("update saga", sql, instance, loadedVersion, cancellationToken);
        if (updated == 0)
        {
            instance.Version = loadedVersion;
            throw Conflict("updated", instance);
        }
    }

    /// <summary>Removes a finished instance, if nobody saved it since it was loaded.</summary>
    public async Task DeleteAsync(TSaga instance, CancellationToken cancellationToken)
    {
        var sql = $"DELETE FROM {_table} WHERE correlation_id = @correlation_id AND version = @expected_version";

        var deleted = await _retry.ExecuteAsync(
            "delete saga",
            async token =>
            {
                await using var command = _dataSource.CreateCommand(sql);
                command.Parameters.AddTyped("correlation_id", instance.CorrelationId);
                command.Parameters.AddTyped("expected_version", instance.Version);

                return await command.ExecuteNonQueryAsync(token);
            },
            cancellationToken);

        if (deleted == 0)
        {
            throw Conflict("deleted", instance);
        }
    }

    private static ConcurrencyException Conflict(string verb, TSaga instance) =>
        new(
            $"The {typeof(TSaga).Name} instance could not be {verb}: another message changed it first.",
            typeof(TSaga),
            instance.CorrelationId);

    private async Task<List<TSaga>> QueryAsync(Guid[] correlationIds, CancellationToken cancellationToken)
    {
        var sql = $"SELECT version, data FROM {_table} WHERE correlation_id = ANY(@correlation_ids)";

        return await _retry.ExecuteAsync(
            "load saga",
            async token =>
            {
                await using var command = _dataSource.CreateCommand(sql);
                command.Parameters.AddTyped("correlation_ids", correlationIds);

                var instances = new List<TSaga>();
                await using var reader = await command.ExecuteReaderAsync(token);
                while (await reader.ReadAsync(token))
                {
                    var instance = JsonSerializer.Deserialize<TSaga>(reader.GetString(1), Json)
                        ?? throw new InvalidOperationException($"A stored {typeof(TSaga).Name} is null.");

                    // The column is the version that counts for concurrency.
                    instance.Version = reader.GetInt32(0);
                    instances.Add(instance);
                }

                return instances;
            },
            cancellationToken);
    }

    private async Task<int> ExecuteAsync(
        string operation,
        string sql,
        TSaga instance,
        int? expectedVersion,
        CancellationToken cancellationToken)
    {
        var data = JsonSerializer.Serialize(instance, Json);
        var now = _timeProvider.GetUtcNow();

        return await _retry.ExecuteAsync(
            operation,
            async token =>
            {
                await using var command = _dataSource.CreateCommand(sql);
                command.Parameters.AddTyped("correlation_id", instance.CorrelationId);
                command.Parameters.AddTyped("version", instance.Version);
                command.Parameters.Add(new NpgsqlParameter("data", NpgsqlDbType.Jsonb) { Value = data });
                command.Parameters.AddTyped("now", now);
                if (expectedVersion is { } expected)
                {
                    command.Parameters.AddTyped("expected_version", expected);
                }

                return await command.ExecuteNonQueryAsync(token);
            },
            cancellationToken);
    }
}
