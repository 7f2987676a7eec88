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

    private static readonly Dictionary<string, string> WorkerSettings = new()
    {
        ["WorkUnits__Worker__Concurrency"] = "16",
        ["WorkUnits__Worker__ShutdownGracePeriod"] = "00:00:10",
    };

    private readonly List<WorkUnitsProcess> _processes = [];

    private FaultCluster(IsolatedServices services) => Services = services;

    public IsolatedServices Services { get; }

    public WorkUnitsProcess Orchestrator { get; private set; } = null!;

    public WorkUnitsProcess[] Workers { get; } = new WorkUnitsProcess[2];

    public static async Task<FaultCluster> StartAsync()
    {
        var cluster = new FaultCluster(await IsolatedServices.CreateAsync());
        cluster.Orchestrator = cluster.StartOrchestrator();
        await cluster.WaitForSchemaAsync();
        cluster.Workers[0] = cluster.StartWorker();
        cluster.Workers[1] = cluster.StartWorker();
        return cluster;
    }

    public WorkUnitsProcess StartOrchestrator() => Track(WorkUnitsProcess.Start(Services, "run --role orchestrator", OrchestratorSettings));

    public WorkUnitsProcess StartWorker() => Track(WorkUnitsProcess.Start(Services, "run --role worker", WorkerSettings));

    /// <summary>Submits a synthetic job of <see cref="Units"/> units that each work <paramref name="unitMs"/>.</summary>
    public async Task<Guid> SubmitAsync(int unitMs)
    {
        var jobId = Guid.NewGuid();
        using var submit = WorkUnitsProcess.Start(
            Services,
            $"submit synthetic --param units={Units} --param unitMs={unitMs} --id {jobId}");
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
            job = await ReadJobAsync(jobId);
            if (job is not null && condition(job))
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"Job {jobId} did not get there within {timeout}; last seen {job}.\n{Logs()}");
    }

    /// <summary>
    /// The oracle: the job completed; every unit has exactly one recorded outcome, a success; the sum is right;
    /// and no error queue holds anything beyond <paramref name="expectedErrors"/>.
    /// </summary>
    public async Task AssertJobCompletedExactlyOnceAsync(Guid jobId, long expectedErrors = 0)
    {
        await WaitUntilAsync(jobId, job => job.State is "completed" or "failed" or "cancelled", TimeSpan.FromMinutes(3));

        var job = (await ReadJobAsync(jobId))!;
        var units = await QueryAsync(
            """
            SELECT count(*), count(*) FILTER (WHERE state = 'succeeded'), COALESCE(sum(result::bigint), 0)
            FROM workunits_units WHERE job_id = @job_id
            """,
            jobId,
            reader => (Count: reader.GetInt64(0), Succeeded: reader.GetInt64(1), Sum: reader.GetInt64(2)));
        var errors = await Services.ErrorQueuesAsync();

        Assert.Multiple(() =>
        {
            Assert.That(job.State, Is.EqualTo("completed"), Logs());
            Assert.That((job.Succeeded, job.Failed, job.Dispatched), Is.EqualTo((Units, 0L, Units)));
            Assert.That(units, Is.EqualTo((Units, Units, Units * (Units - 1) / 2)));
            Assert.That(job.ResultSum, Is.EqualTo(Units * (Units - 1) / 2));
            Assert.That(errors.Values.Sum(), Is.EqualTo(expectedErrors), string.Join(", ", errors));
        });
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
                await QueryAsync("SELECT count(*) FROM workunits_units WHERE job_id = @job_id", Guid.Empty, r => r.GetInt64(0));
                return;
            }
            catch (PostgresException)
            {
                await Task.Delay(200);
            }
        }

        Assert.Fail($"The orchestrator did not create the schema.\n{Logs()}");
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
        await using var connection = new NpgsqlConnection(Services.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("job_id", jobId);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? read(reader) : default!;
    }
}
