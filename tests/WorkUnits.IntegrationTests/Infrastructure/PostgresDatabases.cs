using Npgsql;

namespace WorkUnits.IntegrationTests.Infrastructure;

/// <summary>Creates and drops whole databases on the test server, so fixtures share no tables.</summary>
internal static class PostgresDatabases
{
    /// <summary>Creates an empty database and returns a connection string to it with the same credentials.</summary>
    public static async Task<string> CreateAsync(
        string serverConnectionString,
        string name,
        CancellationToken cancellationToken)
    {
        await ExecuteAsync(serverConnectionString, $"CREATE DATABASE \"{name}\"", cancellationToken);

        return new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database, ending any connection still open to it.</summary>
    public static async Task DropAsync(
        string serverConnectionString,
        string name,
        CancellationToken cancellationToken)
    {
        await ExecuteAsync(
            serverConnectionString,
            $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)",
            cancellationToken);
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        // CREATE and DROP DATABASE cannot run inside a transaction or in the database they name.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);

        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
