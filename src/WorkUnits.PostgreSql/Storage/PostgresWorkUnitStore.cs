using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WorkUnits.JobTypes;
using WorkUnits.Storage;

namespace WorkUnits.PostgreSql.Storage;

/// <summary>
/// Keeps job and unit state in PostgreSQL. Each write is a single statement, so it is atomic without an explicit
/// transaction and costs one commit; batches travel as arrays and are applied set-based.
/// </summary>
internal sealed class PostgresWorkUnitStore : IWorkUnitStore
{
    private const string JobColumns = """
        job_id, job_type, parameters, max_in_flight, max_failed_units, state, dispatched, succeeded, failed,
        split_completed, cursor, result, reason, created_at, ended_at, max_attempts, unit_timeout, deadline_at
        """;

    private const string AppendUnitsSql = """
        WITH job AS (
            UPDATE workunits_jobs
            SET dispatched = GREATEST(dispatched, @end_index),
                cursor = COALESCE(@cursor, cursor),
                split_completed = split_completed OR @split_completed
            WHERE job_id = @job_id
            RETURNING job_id, dispatched, succeeded, failed, split_completed, unit_timeout
        ),
        stored AS (
            INSERT INTO workunits_units (job_id, unit_index, attempt, state, payload, lease_expires_at)
            SELECT job.job_id, @first_index + unit.ordinality - 1, 1, 'pending', unit.payload,
                @now + job.unit_timeout
            FROM job, unnest(@payloads) WITH ORDINALITY AS unit(payload, ordinality)
            ON CONFLICT (job_id, unit_index) DO NOTHING
        )
        SELECT job_id, dispatched, succeeded, failed, split_completed, 0::bigint FROM job
        """;

    // Only the current attempt of a pending unit changes, so a repeated outcome, in this batch or a later one,
    // counts zero and a late outcome of an older attempt is ignored. A concurrent batch that changed the same
    // unit first makes PostgreSQL re-check the row and skip it. A retried failure leaves the unit waiting.
    private const string RecordOutcomesSql = """
        WITH outcome AS (
            SELECT o.*, o.retry_at IS NOT NULL AND NOT o.succeeded AND o.attempt < j.max_attempts AS retry
            FROM unnest(
                @job_ids, @unit_indexes, @attempts, @succeeded, @results, @error_types, @error_messages,
                @fingerprints, @retry_ats)
                AS o(job_id, unit_index, attempt, succeeded, result, error_type, error_message, fingerprint,
                    retry_at)
            JOIN workunits_jobs AS j ON j.job_id = o.job_id
        ),
        ended AS (
            UPDATE workunits_units AS u
            SET state = CASE WHEN o.succeeded THEN 'succeeded' WHEN o.retry THEN 'waiting' ELSE 'failed' END,
                result = o.result,
                error_type = o.error_type,
                error_message = o.error_message,
                fingerprint = o.fingerprint,
                due_at = CASE WHEN o.retry THEN o.retry_at END,
                ended_at = CASE WHEN o.retry THEN NULL ELSE @now END
            FROM outcome AS o
            WHERE u.job_id = o.job_id AND u.unit_index = o.unit_index AND u.state = 'pending'
                AND u.attempt = o.attempt
            RETURNING u.job_id, u.state
        ),
        counted AS (
            SELECT job_id,
                count(*) FILTER (WHERE state = 'succeeded') AS succeeded,
                count(*) FILTER (WHERE state = 'failed') AS failed
            FROM ended
            GROUP BY job_id
        ),
        changed AS (
            UPDATE workunits_jobs AS j
            SET succeeded = j.succeeded + c.succeeded,
                failed = j.failed + c.failed
            FROM counted AS c
            WHERE j.job_id = c.job_id
            RETURNING j.job_id, j.dispatched, j.succeeded, j.failed, j.split_completed,
                c.succeeded + c.failed AS newly_ended
        )
        SELECT job_id, dispatched, succeeded, failed, split_completed, newly_ended FROM changed
        UNION ALL
        SELECT job_id, dispatched, succeeded, failed, split_completed, 0
        FROM workunits_jobs
        WHERE job_id = ANY(@touched_job_ids) AND job_id NOT IN (SELECT job_id FROM changed)
        """;

    private static readonly string[] FinalStates =
        [.. Enum.GetValues<JobState>().Where(state => state.IsFinal()).Select(state => state.ToName())];

    // The states in which a job's units may still run; the sweeper leaves every other job's units alone.
    private static readonly string[] ActiveStates =
        [.. Enum.GetValues<JobState>().Where(state => state.IsActive()).Select(state => state.ToName())];

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresRetry _retry;
    private readonly TimeProvider _timeProvider;

    public PostgresWorkUnitStore(
        [FromKeyedServices(PostgresOptions.DataSourceKey)] NpgsqlDataSource dataSource,
        PostgresRetry retry,
        TimeProvider timeProvider)
    {
        _dataSource = dataSource;
        _retry = retry;
        _timeProvider = timeProvider;
    }

    public async Task InitializeAsync(CancellationToken cancellationToken) =>
        await _retry.ExecuteAsync(
            "initialize",
            async token =>
            {
                await PostgresSchema.CreateAsync(_dataSource, token);
                return true;
            },
            cancellationToken);

    public async Task<bool> CreateJobAsync(NewJob job, CancellationToken cancellationToken)
    {
        const string Sql = """
            INSERT INTO workunits_jobs
                (job_id, job_type, parameters, max_in_flight, max_failed_units, max_attempts, unit_timeout,
                    deadline_at, state, created_at)
            VALUES (
                @job_id, @job_type, @parameters, @max_in_flight, @max_failed_units, @max_attempts, @unit_timeout,
                @deadline_at, @state, @created_at)
            ON CONFLICT (job_id) DO NOTHING
            """;

        var inserted = await _retry.ExecuteAsync(
            "create job",
            async token =>
            {
                await using var command = _dataSource.CreateCommand(Sql);
                command.Parameters.AddTyped("job_id", job.JobId);
                command.Parameters.AddTyped("job_type", job.JobType);
                command.Parameters.AddTyped("parameters", job.Parameters);
                command.Parameters.AddTyped("max_in_flight", job.MaxInFlight);
                command.Parameters.AddTyped("max_failed_units", job.MaxFailedUnits);
                command.Parameters.AddTyped("max_attempts", job.MaxAttempts);
                command.Parameters.AddTyped("unit_timeout", job.UnitTimeout);
                command.Parameters.AddTyped("deadline_at", job.DeadlineAt?.ToUniversalTime());
                command.Parameters.AddTyped("state", JobState.Submitted.ToName());
                command.Parameters.AddTyped("created_at", job.CreatedAt.ToUniversalTime());

                return await command.ExecuteNonQueryAsync(token);
            },
            cancellationToken);

        return inserted == 1;
    }

    public async Task<JobRecord?> GetJobAsync(Guid jobId, CancellationToken cancellationToken)
    {
        const string Sql = $"SELECT {JobColumns} FROM workunits_jobs WHERE job_id = @job_id";

        var jobs = await ReadJobsAsync(
            "get job",
            Sql,
            parameters => parameters.AddTyped("job_id", jobId),
            cancellationToken);

        return jobs.Count == 0 ? null : jobs[0];
    }

    public async Task<IReadOnlyList<JobRecord>> ListJobsAsync(
        JobListQuery query,
        CancellationToken cancellationToken)
    {
        const string Sql = $"""
            SELECT {JobColumns}
            FROM workunits_jobs
            WHERE (@state::text IS NULL OR state = @state) AND (@job_type::text IS NULL OR job_type = @job_type)
            ORDER BY created_at DESC, job_id
            LIMIT @limit OFFSET @offset
            """;

        return await ReadJobsAsync(
            "list jobs",
            Sql,
            parameters =>
            {
                parameters.AddTyped("state", query.State?.ToName());
                parameters.AddTyped("job_type", query.JobType);
                parameters.AddTyped("limit", query.Limit);
                parameters.AddTyped("offset", query.Offset);
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<JobRecord>> ListUnfinishedJobsAsync(CancellationToken cancellationToken)
    {
        const string Sql = $"""
            SELECT {JobColumns}
            FROM workunits_jobs
            WHERE state <> ALL(@final_states)
            ORDER BY created_at, job_id
            """;

        return await ReadJobsAsync(
            "list unfinished jobs",
            Sql,
            parameters => parameters.AddTyped("final_states", FinalStates),
            cancellationToken);
    }

    public async Task SetJobStateAsync(
        Guid jobId,
        JobState state,
        string? result,
        string? reason,
        CancellationToken cancellationToken)
    {
        const string Sql = """
            UPDATE workunits_jobs
            SET state = @state,
                result = COALESCE(@result, result),
                reason = COALESCE(@reason, reason),
                ended_at = CASE WHEN @final THEN COALESCE(ended_at, @now) END
            WHERE job_id = @job_id
            """;

        var updated = await _retry.ExecuteAsync(
            "set job state",
            async token =>
            {
                await using var command = _dataSource.CreateCommand(Sql);
                command.Parameters.AddTyped("job_id", jobId);
                command.Parameters.AddTyped("state", state.ToName());
                command.Parameters.AddTyped("result", result);
                command.Parameters.AddTyped("reason", reason);
                command.Parameters.AddTyped("final", state.IsFinal());
                command.Parameters.AddTyped("now", _timeProvider.GetUtcNow());

                return await command.ExecuteNonQueryAsync(token);
            },
            cancellationToken);

        if (updated == 0)
        {
            throw NotInStore(jobId);
        }
    }

    public async Task<JobProgress> AppendUnitsAsync(
        Guid jobId,
        long firstIndex,
        IReadOnlyList<string> payloads,
        string? cursor,
        bool splitCompleted,
        CancellationToken cancellationToken)
    {
        var payloadArray = payloads as string[] ?? [.. payloads];

        var progress = await _retry.ExecuteAsync(
            "append units",
            async token =>
            {
                await using var command = _dataSource.CreateCommand(AppendUnitsSql);
                command.Parameters.AddTyped("job_id", jobId);
                command.Parameters.AddTyped("first_index", firstIndex);
                command.Parameters.AddTyped("end_index", firstIndex + payloadArray.Length);
                command.Parameters.AddTyped("payloads", payloadArray);
                command.Parameters.AddTyped("cursor", cursor);
                command.Parameters.AddTyped("split_completed", splitCompleted);
                command.Parameters.AddTyped("now", _timeProvider.GetUtcNow());

                return await ReadProgressAsync(command, token);
            },
            cancellationToken);

        return progress.Count == 1 ? progress[0] : throw NotInStore(jobId);
    }

    public async Task<IReadOnlyList<PendingUnit>> ListPendingUnitsAsync(
        Guid jobId,
        long afterIndex,
        int limit,
        CancellationToken cancellationToken)
    {
        const string Sql = """
            SELECT unit_index, attempt, payload, checkpoint
            FROM workunits_units
            WHERE job_id = @job_id AND unit_index > @after_index AND state = 'pending'
            ORDER BY unit_index
            LIMIT @limit
            """;

        var pending = await _retry.ExecuteAsync(
            "list pending units",
            async token =>
            {
                await using var command = _dataSource.CreateCommand(Sql);
                command.Parameters.AddTyped("job_id", jobId);
                command.Parameters.AddTyped("after_index", afterIndex);
                command.Parameters.AddTyped("limit", limit);

                var units = new List<PendingUnit>();
                await using var reader = await command.ExecuteReaderAsync(token);
                while (await reader.ReadAsync(token))
                {
                    units.Add(new PendingUnit(reader.GetInt64(0), reader.GetInt32(1), reader.GetString(2))
                    {
                        Checkpoint = reader.IsDBNull(3) ? null : reader.GetString(3),
                    });
                }

                return units;
            },
            cancellationToken);

        if (pending.Count == 0)
        {
            await EnsureJobExistsAsync(jobId, cancellationToken);
        }

        return pending;
    }

    public async Task<IReadOnlyList<JobProgress>> RecordOutcomesAsync(
        IReadOnlyList<UnitOutcome> outcomes,
        CancellationToken cancellationToken)
    {
        if (outcomes.Count == 0)
        {
            return [];
        }

        var batch = OutcomeBatch.From(outcomes);

        var progress = await _retry.ExecuteAsync(
            "record outcomes",
            async token =>
            {
                await using var command = _dataSource.CreateCommand(RecordOutcomesSql);
                batch.AddParameters(command.Parameters);
                command.Parameters.AddTyped("now", _timeProvider.GetUtcNow());

                return await ReadProgressAsync(command, token);
            },
            cancellationToken);

        // Report jobs in the order the batch first mentions them, as the in-memory store does.
        var byJob = progress.ToDictionary(job => job.JobId);
        return [.. batch.TouchedJobIds.Where(byJob.ContainsKey).Select(jobId => byJob[jobId])];
    }

    public async Task<IReadOnlySet<long>> FindEndedUnitsAsync(
        Guid jobId,
        IReadOnlyCollection<long> unitIndexes,
        CancellationToken cancellationToken)
    {
        const string Sql = """
            SELECT u.unit_index
            FROM workunits_units AS u
            JOIN workunits_jobs AS j ON j.job_id = u.job_id
            WHERE u.job_id = @job_id AND u.unit_index = ANY(@unit_indexes)
                AND (u.state <> 'pending' OR j.state IN ('cancelled', 'failed'))
            """;

        if (unitIndexes.Count == 0)
        {
            return new HashSet<long>();
        }

        var indexes = unitIndexes as long[] ?? [.. unitIndexes];

        return await _retry.ExecuteAsync(
            "find ended units",
            async token =>
            {
                await using var command = _dataSource.CreateCommand(Sql);
                command.Parameters.AddTyped("job_id", jobId);
                command.Parameters.AddTyped("unit_indexes", indexes);

                var ended = new HashSet<long>();
                await using var reader = await command.ExecuteReaderAsync(token);
                while (await reader.ReadAsync(token))
                {
                    ended.Add(reader.GetInt64(0));
                }

                return ended;
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<DueUnit>> ClaimDueUnitsAsync(
        DateTimeOffset now,
        int limit,
        CancellationToken cancellationToken)
    {
        // SKIP LOCKED lets two sweepers share the due units instead of waiting for each other's rows.
        const string Sql = """
            WITH due AS (
                SELECT u.job_id, u.unit_index
                FROM workunits_units AS u
                JOIN workunits_jobs AS j ON j.job_id = u.job_id
                WHERE u.state = 'waiting' AND u.due_at <= @now AND j.state = ANY(@active_states)
                ORDER BY u.due_at
                LIMIT @limit
                FOR UPDATE OF u SKIP LOCKED
            )
            UPDATE workunits_units AS u
            SET state = 'pending', attempt = u.attempt + 1, due_at = NULL, lease_expires_at = @now + j.unit_timeout
            FROM due, workunits_jobs AS j
            WHERE u.job_id = due.job_id AND u.unit_index = due.unit_index AND j.job_id = u.job_id
            RETURNING u.job_id, j.job_type, u.unit_index, u.attempt, u.payload, u.lease_expires_at, j.unit_timeout,
                u.checkpoint
            """;

        var claimed = await _retry.ExecuteAsync(
            "claim due units",
            async token =>
            {
                await using var command = _dataSource.CreateCommand(Sql);
                command.Parameters.AddTyped("now", now.ToUniversalTime());
                command.Parameters.AddTyped("limit", limit);
                command.Parameters.AddTyped("active_states", ActiveStates);

                var units = new List<DueUnit>();
                await using var reader = await command.ExecuteReaderAsync(token);
                while (await reader.ReadAsync(token))
                {
                    units.Add(new DueUnit(
                        reader.GetGuid(0),
                        reader.GetString(1),
                        reader.GetInt64(2),
                        reader.GetInt32(3),
                        reader.GetString(4),
                        reader.GetFieldValue<DateTimeOffset>(5))
                    {
                        UnitTimeout = reader.GetFieldValue<TimeSpan>(6),
                        Checkpoint = reader.IsDBNull(7) ? null : reader.GetString(7),
                    });
                }

                return units;
            },
            cancellationToken);

        return [.. claimed.OrderBy(unit => unit.JobId).ThenBy(unit => unit.UnitIndex)];
    }

    public async Task<IReadOnlyList<ExpiredLease>> ListExpiredLeasesAsync(
        DateTimeOffset expiredBy,
        int limit,
        CancellationToken cancellationToken)
    {
        const string Sql = """
            SELECT u.job_id, u.unit_index, u.attempt
            FROM workunits_units AS u
            JOIN workunits_jobs AS j ON j.job_id = u.job_id
            WHERE u.state = 'pending' AND u.lease_expires_at <= @expired_by AND j.state = ANY(@active_states)
            ORDER BY u.lease_expires_at, u.job_id, u.unit_index
            LIMIT @limit
            """;

        return await _retry.ExecuteAsync(
            "list expired leases",
            async token =>
            {
                await using var command = _dataSource.CreateCommand(Sql);
                command.Parameters.AddTyped("expired_by", expiredBy.ToUniversalTime());
                command.Parameters.AddTyped("limit", limit);
                command.Parameters.AddTyped("active_states", ActiveStates);

                var leases = new List<ExpiredLease>();
                await using var reader = await command.ExecuteReaderAsync(token);
                while (await reader.ReadAsync(token))
                {
                    leases.Add(new ExpiredLease(reader.GetGuid(0), reader.GetInt64(1), reader.GetInt32(2)));
                }

                return leases;
            },
            cancellationToken);
    }

    public async Task<bool> SaveCheckpointAsync(
        Guid jobId,
        long unitIndex,
        int attempt,
        string checkpoint,
        CancellationToken cancellationToken)
    {
        const string Sql = """
            UPDATE workunits_units
            SET checkpoint = @checkpoint
            WHERE job_id = @job_id AND unit_index = @unit_index AND attempt = @attempt AND state = 'pending'
            """;

        var updated = await _retry.ExecuteAsync(
            "save checkpoint",
            async token =>
            {
                await using var command = _dataSource.CreateCommand(Sql);
                command.Parameters.AddTyped("job_id", jobId);
                command.Parameters.AddTyped("unit_index", unitIndex);
                command.Parameters.AddTyped("attempt", attempt);
                command.Parameters.AddTyped("checkpoint", checkpoint);

                return await command.ExecuteNonQueryAsync(token);
            },
            cancellationToken);

        return updated == 1;
    }

    public async Task<string?> ReadCheckpointAsync(
        Guid jobId,
        long unitIndex,
        int attempt,
        CancellationToken cancellationToken)
    {
        const string Sql = """
            SELECT checkpoint
            FROM workunits_units
            WHERE job_id = @job_id AND unit_index = @unit_index AND attempt = @attempt AND state = 'pending'
            """;

        return await _retry.ExecuteAsync(
            "read checkpoint",
            async token =>
            {
                await using var command = _dataSource.CreateCommand(Sql);
                command.Parameters.AddTyped("job_id", jobId);
                command.Parameters.AddTyped("unit_index", unitIndex);
                command.Parameters.AddTyped("attempt", attempt);

                return await command.ExecuteScalarAsync(token) as string;
            },
            cancellationToken);
    }

    public async Task<long> ResetFailedUnitsAsync(Guid jobId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string Sql = """
            WITH reset AS (
                UPDATE workunits_units
                SET state = 'waiting', due_at = @now, ended_at = NULL
                WHERE job_id = @job_id AND state = 'failed'
                RETURNING unit_index
            ),
            counted AS (
                SELECT count(*) AS units FROM reset
            ),
            job AS (
                UPDATE workunits_jobs AS j
                SET failed = j.failed - counted.units
                FROM counted
                WHERE j.job_id = @job_id
            )
            SELECT units FROM counted
            """;

        return await _retry.ExecuteAsync(
            "reset failed units",
            async token =>
            {
                await using var command = _dataSource.CreateCommand(Sql);
                command.Parameters.AddTyped("job_id", jobId);
                command.Parameters.AddTyped("now", now.ToUniversalTime());

                return (long)(await command.ExecuteScalarAsync(token))!;
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<JobRecord>> ListJobsWithAllUnitsEndedAsync(CancellationToken cancellationToken)
    {
        const string Sql = $"""
            SELECT {JobColumns}
            FROM workunits_jobs
            WHERE state = ANY(@active_states) AND split_completed AND succeeded + failed >= dispatched
            ORDER BY created_at, job_id
            """;

        return await ReadJobsAsync(
            "list jobs with all units ended",
            Sql,
            parameters => parameters.AddTyped("active_states", ActiveStates),
            cancellationToken);
    }

    public async Task<IReadOnlyList<JobRecord>> ListJobsPastDeadlineAsync(
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        const string Sql = $"""
            SELECT {JobColumns}
            FROM workunits_jobs
            WHERE deadline_at <= @now AND state = ANY(@active_states)
            ORDER BY deadline_at, job_id
            """;

        return await ReadJobsAsync(
            "list jobs past deadline",
            Sql,
            parameters =>
            {
                parameters.AddTyped("now", now.ToUniversalTime());
                parameters.AddTyped("active_states", ActiveStates);
            },
            cancellationToken);
    }

    /// <remarks>
    /// Rows stream from the server as they are read, so a job with a million units never sits in memory. Only
    /// opening the query is retried; a connection lost part-way through ends the enumeration with the error.
    /// </remarks>
    public async IAsyncEnumerable<StoredUnitResult> ReadResultsAsync(
        Guid jobId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const string Sql = """
            SELECT unit_index, result
            FROM workunits_units
            WHERE job_id = @job_id AND state = 'succeeded'
            ORDER BY unit_index
            """;

        await using var command = _dataSource.CreateCommand(Sql);
        command.Parameters.AddTyped("job_id", jobId);

        await using var reader = await _retry.ExecuteAsync(
            "read results",
            async token => await command.ExecuteReaderAsync(token),
            cancellationToken);

        var any = false;
        while (await reader.ReadAsync(cancellationToken))
        {
            any = true;

            // A succeeded unit without a result stands for the JSON null.
            var result = await reader.IsDBNullAsync(1, cancellationToken) ? "null" : reader.GetString(1);
            yield return new StoredUnitResult(reader.GetInt64(0), result);
        }

        if (!any)
        {
            await EnsureJobExistsAsync(jobId, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<ErrorGroup>> ListErrorGroupsAsync(
        Guid jobId,
        int limit,
        CancellationToken cancellationToken)
    {
        // The newest failure of each group stands for it: its type and message are the sample shown.
        const string Sql = """
            SELECT fingerprint, error_type, count, error_message, ended_at
            FROM (
                SELECT COALESCE(fingerprint, '') AS fingerprint, error_type, error_message, ended_at,
                    count(*) OVER (PARTITION BY COALESCE(fingerprint, '')) AS count,
                    row_number() OVER (
                        PARTITION BY COALESCE(fingerprint, '') ORDER BY ended_at DESC NULLS LAST, unit_index)
                        AS newest
                FROM workunits_units
                WHERE job_id = @job_id AND state = 'failed'
            ) AS failure
            WHERE newest = 1
            ORDER BY count DESC, fingerprint
            LIMIT @limit
            """;

        return await _retry.ExecuteAsync(
            "list error groups",
            async token =>
            {
                await using var command = _dataSource.CreateCommand(Sql);
                command.Parameters.AddTyped("job_id", jobId);
                command.Parameters.AddTyped("limit", limit);

                var groups = new List<ErrorGroup>();
                await using var reader = await command.ExecuteReaderAsync(token);
                while (await reader.ReadAsync(token))
                {
                    groups.Add(new ErrorGroup(
                        reader.GetString(0),
                        reader.IsDBNull(1) ? null : reader.GetString(1),
                        reader.GetInt64(2),
                        reader.IsDBNull(3) ? null : reader.GetString(3),
                        reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4)));
                }

                return groups;
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<ThroughputBucket>> CountEndedUnitsAsync(
        Guid jobId,
        DateTimeOffset origin,
        TimeSpan width,
        CancellationToken cancellationToken)
    {
        const string Sql = """
            SELECT date_bin(@width, ended_at, @origin) AS bucket,
                count(*) FILTER (WHERE state = 'succeeded'),
                count(*) FILTER (WHERE state = 'failed')
            FROM workunits_units
            WHERE job_id = @job_id AND ended_at IS NOT NULL AND state IN ('succeeded', 'failed')
            GROUP BY bucket
            ORDER BY bucket
            """;

        return await _retry.ExecuteAsync(
            "count ended units",
            async token =>
            {
                await using var command = _dataSource.CreateCommand(Sql);
                command.Parameters.AddTyped("job_id", jobId);
                command.Parameters.AddTyped("origin", origin.ToUniversalTime());
                command.Parameters.AddTyped("width", width);

                var buckets = new List<ThroughputBucket>();
                await using var reader = await command.ExecuteReaderAsync(token);
                while (await reader.ReadAsync(token))
                {
                    buckets.Add(new ThroughputBucket(
                        reader.GetFieldValue<DateTimeOffset>(0),
                        reader.GetInt64(1),
                        reader.GetInt64(2)));
                }

                return buckets;
            },
            cancellationToken);
    }

    /// <remarks>Not retried: a readiness probe wants the answer of this moment, not of the next minute.</remarks>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task<List<JobProgress>> ReadProgressAsync(
        NpgsqlCommand command,
        CancellationToken cancellationToken)
    {
        var progress = new List<JobProgress>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            progress.Add(new JobProgress(
                reader.GetGuid(0),
                reader.GetInt64(1),
                reader.GetInt64(2),
                reader.GetInt64(3),
                reader.GetBoolean(4),
                reader.GetInt64(5)));
        }

        return progress;
    }

    private static JobRecord ReadJob(NpgsqlDataReader reader)
    {
        var stateName = reader.GetString(5);
        if (!JobStates.TryParse(stateName, out var state))
        {
            throw new InvalidOperationException($"The store holds an unknown job state '{stateName}'.");
        }

        return new JobRecord
        {
            JobId = reader.GetGuid(0),
            JobType = reader.GetString(1),
            Parameters = reader.GetString(2),
            MaxInFlight = reader.GetInt32(3),
            MaxFailedUnits = reader.GetInt64(4),
            State = state,
            Dispatched = reader.GetInt64(6),
            Succeeded = reader.GetInt64(7),
            Failed = reader.GetInt64(8),
            SplitCompleted = reader.GetBoolean(9),
            Cursor = reader.IsDBNull(10) ? null : reader.GetString(10),
            Result = reader.IsDBNull(11) ? null : reader.GetString(11),
            Reason = reader.IsDBNull(12) ? null : reader.GetString(12),
            CreatedAt = reader.GetFieldValue<DateTimeOffset>(13),
            EndedAt = reader.IsDBNull(14) ? null : reader.GetFieldValue<DateTimeOffset>(14),
            MaxAttempts = reader.GetInt32(15),
            UnitTimeout = reader.GetFieldValue<TimeSpan>(16),
            DeadlineAt = reader.IsDBNull(17) ? null : reader.GetFieldValue<DateTimeOffset>(17),
        };
    }

    private static InvalidOperationException NotInStore(Guid jobId) => new($"Job {jobId} is not in the store.");

    private async Task<List<JobRecord>> ReadJobsAsync(
        string operation,
        string sql,
        Action<NpgsqlParameterCollection> addParameters,
        CancellationToken cancellationToken) =>
        await _retry.ExecuteAsync(
            operation,
            async token =>
            {
                await using var command = _dataSource.CreateCommand(sql);
                addParameters(command.Parameters);

                var jobs = new List<JobRecord>();
                await using var reader = await command.ExecuteReaderAsync(token);
                while (await reader.ReadAsync(token))
                {
                    jobs.Add(ReadJob(reader));
                }

                return jobs;
            },
            cancellationToken);

    private async Task EnsureJobExistsAsync(Guid jobId, CancellationToken cancellationToken)
    {
        if (await GetJobAsync(jobId, cancellationToken) is null)
        {
            throw NotInStore(jobId);
        }
    }
}
