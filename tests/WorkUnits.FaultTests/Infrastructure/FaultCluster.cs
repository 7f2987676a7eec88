using Npgsql;
using NUnit.Framework;

namespace WorkUnits.FaultTests.Infrastructure;

/// <summary>
/// An orchestrator and two workers as real <c>workunits</c> processes on isolated services, a synthetic job to
/// break, and the one oracle every fault test checks.
/// </summary>
internal sealed class FaultCluster : IAsyncDisposable
{
    public const long Units = 5_000;

    private static readonly Dictionary<string, string> OrchestratorSettings = new()
    {
        ["WorkUnits__Orchestrator__DefaultUnitTimeout"] = "00:01:00",
        ["WorkUnits__Orchestrator__LeaseGracePeriod"] = "00:00:02",
        ["WorkUnits__Orchestrator__RetryBaseDelay"] = "00:00:00.500",
    };

    private static readonly Dictionary<string, string> DefaultWorkerSettings = new()
    {
        ["WorkUnits__Worker__Concurrency"] = "16",
        ["WorkUnits__Worker__ShutdownGracePeriod"] = "00:00:10",
    };

    private readonly List<WorkUnitsProcess> _processes = [];
    private readonly Dictionary<string, string> _workerSettings;

    private FaultCluster(IsolatedServices services, IReadOnlyDictionary<string, string>? workerSettings)
    {
        Services = services;
        _workerSettings = new Dictionary<string, string>(DefaultWorkerSettings);
        foreach (var (key, value) in workerSettings ?? new Dictionary<string, string>())
        {
            _workerSettings[key] = value;
        }
    }

    public IsolatedServices Services { get; }

    public WorkUnitsProcess Orchestrator { get; private set; } = null!;

    public WorkUnitsProcess[] Workers { get; } = new WorkUnitsProcess[2];

    /// <summary>Starts the orchestrator and two workers.</summary>
    /// <param name="workerSettings">Settings the workers get on top of the defaults of the fault tests.</param>
    public static async Task<FaultCluster> StartAsync(IReadOnlyDictionary<string, string>? workerSettings = null)
    {
        var cluster = new FaultCluster(await IsolatedServices.CreateAsync(), workerSettings);
        cluster.Orchestrator = cluster.StartOrchestrator();
        await cluster.WaitForSchemaAsync();
        cluster.Workers[0] = cluster.StartWorker();
        cluster.Workers[1] = cluster.StartWorker();
        return cluster;
    }

    public WorkUnitsProcess StartOrchestrator() =>
        Track(WorkUnitsProcess.Start(Services, "run --role orchestrator", OrchestratorSettings));

    public WorkUnitsProcess StartWorker() =>
        Track(WorkUnitsProcess.Start(Services, "run --role worker", _workerSettings));

    /// <summary>
    /// Submits a synthetic job of <see cref="Units"/> units that each work <paramref name="unitMs"/>.
    /// </summary>
    /// <param name="unitMs">How long each unit works.</param>
    /// <param name="arguments">More <c>--param</c> and <c>--setting</c> arguments of the submit.</param>
    public async Task<Guid> SubmitAsync(int unitMs, string arguments = "")
    {
        var jobId = Guid.NewGuid();
        using var submit = WorkUnitsProcess.Start(
            Services,
            $"submit synthetic --param units={Units} --param unitMs={unitMs} --id {jobId} {arguments}");
        Assert.That(await submit.WaitForExitAsync(TimeSpan.FromSeconds(60)), Is.True, "submit did not finish");
        Assert.That(submit.ExitCode, Is.Zero, submit.Output);
        return jobId;
    }

    /// <summary>Waits until the job's stored counts satisfy the condition.</summary>
    public async Task WaitUntilAsync(Guid jobId, Func<JobRow, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JobRow? job = null;
        while (DateTime.UtcNow < deadline)
        {
            job = await TryReadJobAsync(jobId) ?? job;
            if (job is not null && condition(job))
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"Job {jobId} did not get there within {timeout}; last seen {job}.\n{Logs()}");
    }

    /// <summary>
    /// Starts a new worker in the place of every one that exited, as a container's restart policy would, until the
    /// job has ended.
    /// </summary>
    /// <returns>How many workers were started again.</returns>
    public async Task<int> KeepWorkersRunningUntilEndedAsync(Guid jobId, TimeSpan timeout)
    {
        var restarts = 0;
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            for (var slot = 0; slot < Workers.Length; slot++)
            {
                if (Workers[slot].HasExited)
                {
                    Workers[slot] = StartWorker();
                    restarts++;
                }
            }

            if (await TryReadJobAsync(jobId) is { State: "completed" or "failed" or "cancelled" })
            {
                return restarts;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"Job {jobId} did not end within {timeout} ({restarts} worker restarts).\n{Logs()}");
        return restarts;
    }

    /// <summary>Whether the orchestrator and every worker are still running.</summary>
    public bool AllRunning() => !Orchestrator.HasExited && Workers.All(worker => !worker.HasExited);

    /// <summary>
    /// The oracle: the job completed; every unit has exactly one recorded outcome, a success except for
    /// <paramref name="failedUnits"/>; the counts and the sum of the succeeded units are right; and the error queues
    /// hold exactly <paramref name="expectedErrors"/> (queue name to message count), by default nothing.
    /// </summary>
    /// <returns>The failed units' rows, for the test to check why they failed.</returns>
    public async Task<IReadOnlyList<UnitRow>> AssertJobCompletedExactlyOnceAsync(
        Guid jobId,
        IReadOnlyCollection<long>? failedUnits = null,
        IReadOnlyDictionary<string, long>? expectedErrors = null)
    {
        await WaitUntilAsync(
            jobId,
            job => job.State is "completed" or "failed" or "cancelled",
            TimeSpan.FromMinutes(3));
        failedUnits ??= [];
        var succeeded = Units - failedUnits.Count;
        var sum = (Units * (Units - 1) / 2) - failedUnits.Sum();

        var job = (await ReadJobAsync(jobId))!;
        var units = await QueryAsync(
            """
            SELECT count(*), count(*) FILTER (WHERE state = 'succeeded'),
                   COALESCE(sum(result::bigint) FILTER (WHERE state = 'succeeded'), 0)
            FROM workunits_units WHERE job_id = @job_id
            """,
            jobId,
            reader => (Count: reader.GetInt64(0), Succeeded: reader.GetInt64(1), Sum: reader.GetInt64(2)));
        var failed = await QueryAllAsync(
            """
            SELECT unit_index, state, attempt, error_type, error_message
            FROM workunits_units WHERE job_id = @job_id AND state <> 'succeeded' ORDER BY unit_index
            """,
            jobId,
            reader => new UnitRow(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetInt32(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4)));
        var errors = (await Services.ErrorQueuesAsync()).Where(queue => queue.Value > 0).ToDictionary();

        Assert.Multiple(() =>
        {
            Assert.That(job.State, Is.EqualTo("completed"), Logs());
            Assert.That(
                (job.Succeeded, job.Failed, job.Dispatched),
                Is.EqualTo((succeeded, (long)failedUnits.Count, Units)));
            Assert.That(units, Is.EqualTo((Units, succeeded, sum)));
            Assert.That(
                failed.Select(unit => (unit.Index, unit.State)),
                Is.EquivalentTo(failedUnits.Select(unit => (unit, "failed"))));
            Assert.That(job.ResultSum, Is.EqualTo(sum));
            Assert.That(
                errors,
                Is.EquivalentTo(expectedErrors ?? new Dictionary<string, long>()),
                string.Join(", ", errors));
        });

        return failed;
    }

    public string Logs() =>
        string.Join("\n", _processes.Select((process, index) => $"--- process {index} ---\n{Tail(process.Output)}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        await Services.DisposeAsync();
    }

    private static string Tail(string output) => output.Length > 3_000 ? output[^3_000..] : output;

    private WorkUnitsProcess Track(WorkUnitsProcess process)
    {
        _processes.Add(process);
        return process;
    }

    private async Task WaitForSchemaAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                await QueryAsync(
                    "SELECT count(*) FROM workunits_units WHERE job_id = @job_id",
                    Guid.Empty,
                    r => r.GetInt64(0));
                return;
            }
            catch (PostgresException)
            {
                await Task.Delay(200);
            }
        }

        Assert.Fail($"The orchestrator did not create the schema.\n{Logs()}");
    }

    /// <summary>Reads the job's row; null while the database is unreachable, as during a fault.</summary>
    private async Task<JobRow?> TryReadJobAsync(Guid jobId)
    {
        try
        {
            return await ReadJobAsync(jobId);
        }
        catch (NpgsqlException)
        {
            // A restarted server leaves broken connections in the pool; start over with new ones.
            NpgsqlConnection.ClearAllPools();
            return null;
        }
    }

    public async Task<JobRow?> ReadJobAsync(Guid jobId)
    {
        var rows = await QueryAsync(
            """
            SELECT state, dispatched, succeeded, failed, (result::jsonb ->> 'sum')::bigint
            FROM workunits_jobs WHERE job_id = @job_id
            """,
            jobId,
            reader => new JobRow(
                reader.GetString(0),
                reader.GetInt64(1),
                reader.GetInt64(2),
                reader.GetInt64(3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4)));

        return rows;
    }

    private async Task<T> QueryAsync<T>(string sql, Guid jobId, Func<NpgsqlDataReader, T> read)
    {
        var rows = await QueryAllAsync(sql, jobId, read);
        return rows.Count > 0 ? rows[0] : default!;
    }

    private async Task<List<T>> QueryAllAsync<T>(string sql, Guid jobId, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = new NpgsqlConnection(Services.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("job_id", jobId);
        await using var reader = await command.ExecuteReaderAsync();

        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
