using Npgsql;

namespace WorkUnits.PostgreSql.Storage;

/// <summary>The tables WorkUnits keeps in PostgreSQL, created if missing.</summary>
internal static class PostgresSchema
{
    public const string JobSagasTable = "workunits_job_sagas";

    // Serializes schema creation across processes that start together; concurrent CREATE TABLE IF NOT EXISTS
    // statements can otherwise fail on the catalog's unique indexes. The key spells "WorkUnit" in ASCII.
    private const long AdvisoryLockKey = 0x576F726B556E6974;

    private const string Ddl = """
        CREATE TABLE IF NOT EXISTS workunits_jobs (
            job_id uuid PRIMARY KEY,
            job_type text NOT NULL,
            parameters text NOT NULL,
            max_in_flight integer NOT NULL,
            max_failed_units bigint NOT NULL,
            state text NOT NULL,
            dispatched bigint NOT NULL DEFAULT 0,
            succeeded bigint NOT NULL DEFAULT 0,
            failed bigint NOT NULL DEFAULT 0,
            split_completed boolean NOT NULL DEFAULT false,
            cursor text,
            result text,
            reason text,
            created_at timestamptz NOT NULL,
            ended_at timestamptz
        );

        CREATE INDEX IF NOT EXISTS workunits_jobs_created_at ON workunits_jobs (created_at DESC, job_id);
        CREATE INDEX IF NOT EXISTS workunits_jobs_active ON workunits_jobs (created_at, job_id)
            WHERE state IN ('submitted', 'splitting', 'running');

        CREATE TABLE IF NOT EXISTS workunits_units (
            job_id uuid NOT NULL,
            unit_index bigint NOT NULL,
            attempt integer NOT NULL,
            state text NOT NULL,
            payload text NOT NULL,
            result text,
            error_type text,
            error_message text,
            fingerprint text,
            ended_at timestamptz,
            PRIMARY KEY (job_id, unit_index)
        );

        ALTER TABLE workunits_jobs ADD COLUMN IF NOT EXISTS max_attempts integer NOT NULL DEFAULT 1;
        ALTER TABLE workunits_units ADD COLUMN IF NOT EXISTS due_at timestamptz;
        ALTER TABLE workunits_jobs ADD COLUMN IF NOT EXISTS unit_timeout interval NOT NULL DEFAULT '5 minutes';
        ALTER TABLE workunits_jobs ADD COLUMN IF NOT EXISTS deadline_at timestamptz;
        ALTER TABLE workunits_units ADD COLUMN IF NOT EXISTS lease_expires_at timestamptz;
        ALTER TABLE workunits_units ADD COLUMN IF NOT EXISTS checkpoint text;

        CREATE INDEX IF NOT EXISTS workunits_units_due_at ON workunits_units (due_at) WHERE state = 'waiting';
        CREATE INDEX IF NOT EXISTS workunits_units_lease_expires_at
            ON workunits_units (lease_expires_at) WHERE state = 'pending';

        CREATE TABLE IF NOT EXISTS workunits_job_sagas (
            correlation_id uuid PRIMARY KEY,
            current_state text,
            version integer NOT NULL,
            data jsonb NOT NULL,
            updated_at timestamptz NOT NULL
        );
        """;

    public static async Task CreateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            command.Parameters.AddWithValue("key", AdvisoryLockKey);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var command = new NpgsqlCommand(Ddl, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
