using System.Diagnostics;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using WorkUnits.Benchmarks.Infrastructure;
using WorkUnits.Benchmarks.Reporting;

namespace WorkUnits.Benchmarks.Measurements;

/// <summary>Hangfire with its PostgreSQL storage running N no-op background jobs in this process.</summary>
internal static class HangfireMeasurement
{
    public const string Name = "hangfire";

    private const int WorkerCount = 20;
    private const int EnqueueParallelism = 8;

    public static async Task<RunResult> RunAsync(BenchmarkSettings settings, int run)
    {
        await using var services = await IsolatedServices.CreateAsync(settings, "hangfire");
        var jobs = settings.PeerUnits;
        var tally = new JobTally(jobs);
        NoopHangfireJob.CountInto(tally);

        var options = new PostgreSqlStorageOptions
        {
            QueuePollInterval = TimeSpan.FromMilliseconds(50),
            PrepareSchemaIfNecessary = true,
        };
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(services.PostgresConnectionString, options), options);
        var client = new BackgroundJobClient(storage);

        using var server = new BackgroundJobServer(new BackgroundJobServerOptions { WorkerCount = WorkerCount }, storage);

        var clock = Stopwatch.StartNew();
        await using var sampler = new Sampler(clock, () => Task.FromResult(tally.Done));

        var next = -1L;
        var enqueuers = Enumerable.Range(0, EnqueueParallelism).Select(_ => Task.Run(() =>
        {
            long index;
            while ((index = Interlocked.Increment(ref next)) < jobs)
            {
                var captured = index;
                client.Enqueue(() => NoopHangfireJob.Run(captured));
            }
        }));
        await Task.WhenAll(enqueuers);
        var enqueued = clock.Elapsed.TotalSeconds;

        await tally.AllDone.WaitAsync(TimeSpan.FromMinutes(60));
        var seconds = clock.Elapsed.TotalSeconds;
        var samples = await sampler.StopAsync(new Sample(seconds, jobs));

        return new RunResult(Name, "PostgreSQL storage", run, jobs, seconds, samples)
        {
            Extra = new Dictionary<string, double> { ["enqueue/s"] = jobs / enqueued },
            Note = $"{WorkerCount} workers in this process, {EnqueueParallelism} enqueuing threads, queue poll 50 ms",
        };
    }
}
