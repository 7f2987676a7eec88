using System.Globalization;
using Npgsql;

namespace WorkUnits.Benchmarks.Infrastructure;

/// <summary>
/// A <c>workunits</c> orchestrator process and some worker processes on a fresh virtual host and database,
/// all stopped and deleted again on dispose.
/// </summary>
internal sealed class WorkUnitsCluster : IAsyncDisposable
{
    private readonly BenchmarkSettings _settings;
    private readonly IsolatedServices _services;
    private readonly Dictionary<string, string> _environment;
    private readonly string _logDirectory;
    private readonly NpgsqlDataSource _database;

    private WorkUnitsCluster(
        BenchmarkSettings settings,
        IsolatedServices services,
        Dictionary<string, string> environment,
        string logDirectory)
    {
        _settings = settings;
        _services = services;
        _environment = environment;
        _logDirectory = logDirectory;
        _database = NpgsqlDataSource.Create(services.PostgresConnectionString);
    }

    public ChildProcess? Orchestrator { get; private set; }

    public List<ChildProcess> Workers { get; } = [];

    public IsolatedServices Services => _services;

    /// <summary>Starts the orchestrator and the workers and waits until each consumes from its queues.</summary>
    public static async Task<WorkUnitsCluster> StartAsync(
        BenchmarkSettings settings,
        string name,
        int workers,
        IReadOnlyDictionary<string, string>? orchestratorSettings = null)
    {
        var services = await IsolatedServices.CreateAsync(settings, name);
        var environment = new Dictionary<string, string>
        {
            ["RabbitMq__Url"] = services.RabbitMqUrl,
            ["Postgres__ConnectionString"] = services.PostgresConnectionString,
            ["DOTNET_gcServer"] = "0",

            // Every role serves health endpoints; several processes on one machine each need their own port.
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        };

        var logDirectory = Path.Combine(Path.GetTempPath(), "workunits-benchmarks", services.Name);
        Directory.CreateDirectory(logDirectory);
        var cluster = new WorkUnitsCluster(settings, services, environment, logDirectory);

        var orchestratorEnvironment = new Dictionary<string, string>(environment);
        foreach (var (key, value) in orchestratorSettings ?? new Dictionary<string, string>())
        {
            orchestratorEnvironment[key] = value;
        }

        try
        {
            cluster.Orchestrator = ChildProcess.Start(
                settings.WorkUnitsDll,
                "run --role orchestrator",
                orchestratorEnvironment,
                Path.Combine(logDirectory, "orchestrator.log"));
            await services.WaitForConsumersAsync("workunits-outcomes", 1, TimeSpan.FromSeconds(60));

            for (var index = 0; index < workers; index++)
            {
                cluster.Workers.Add(ChildProcess.Start(
                    settings.WorkUnitsDll,
                    "run --role worker",
                    environment,
                    Path.Combine(logDirectory, $"worker-{index + 1}.log")));
            }

            await services.WaitForConsumersAsync("workunits-units", workers, TimeSpan.FromSeconds(60));
        }
        catch
        {
            // A process that did not come up must not leave the others, the virtual host or the database behind.
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>Submits a synthetic job with the <c>workunits submit</c> command and returns its id.</summary>
    public async Task<Guid> SubmitSyntheticAsync(long units)
    {
        var jobId = Guid.NewGuid();
        var exitCode = await ChildProcess.RunAsync(
            _settings.WorkUnitsDll,
            string.Create(
                CultureInfo.InvariantCulture,
                $"submit synthetic --param units={units} --param unitMs=0 --id {jobId}"),
            _environment,
            Path.Combine(_logDirectory, "submit.log"),
            TimeSpan.FromMinutes(1));

        return exitCode == 0
            ? jobId
            : throw new InvalidOperationException($"workunits submit exited with {exitCode}; see {_logDirectory}.");
    }

    public async Task<JobRow?> ReadJobAsync(Guid jobId)
    {
        await using var command = _database.CreateCommand("""
            SELECT state, dispatched, succeeded, failed, split_completed, created_at, ended_at
            FROM workunits_jobs WHERE job_id = @job_id
            """);
        command.Parameters.AddWithValue("job_id", jobId);

        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        return new JobRow(
            reader.GetString(0),
            reader.GetInt64(1),
            reader.GetInt64(2),
            reader.GetInt64(3),
            reader.GetBoolean(4),
            reader.GetDateTime(5),
            reader.IsDBNull(6) ? null : reader.GetDateTime(6));
    }

    /// <summary>Polls the job until <paramref name="done"/> holds or the time is up; returns the last row read.</summary>
    public async Task<JobRow> WaitForJobAsync(Guid jobId, Func<JobRow, bool> done, TimeSpan timeout, TimeSpan? poll = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var job = await ReadJobAsync(jobId);
            if (job is not null && (done(job) || DateTime.UtcNow > deadline))
            {
                return job;
            }

            if (job is null && DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Job {jobId} never appeared in the store; see {_logDirectory}.");
            }

            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(50));
        }
    }

    public double PeakWorkerMb() =>
        Workers.Count == 0 ? 0 : Workers.Max(worker => worker.PeakMemoryBytes()) / 1024.0 / 1024.0;

    public double PeakOrchestratorMb() => (Orchestrator?.PeakMemoryBytes() ?? 0) / 1024.0 / 1024.0;

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in Workers)
        {
            await worker.DisposeAsync();
        }

        if (Orchestrator is not null)
        {
            await Orchestrator.DisposeAsync();
        }

        await _database.DisposeAsync();
        await _services.DisposeAsync();
    }
}
