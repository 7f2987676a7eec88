using System.Diagnostics;
using System.Globalization;
using System.Text;
using RabbitMQ.Client;
using WorkUnits.Benchmarks.Infrastructure;
using WorkUnits.Benchmarks.Reporting;

namespace WorkUnits.Benchmarks.Measurements;

/// <summary>WorkUnits itself, as separate <c>workunits run</c> processes on RabbitMQ and PostgreSQL.</summary>
internal static class WorkUnitsMeasurement
{
    public const string EndToEnd = "workunits";
    public const string Tracking = "tracking";
    public const string Split = "split";

    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(30);

    // WorkUnits:Worker:OutcomeBatchSize's default: the tracking measurement queues outcomes in batches as full as
    // a busy worker sends them. The benchmark does not reference WorkUnits, so the number is repeated here.
    private const int OutcomeBatchSize = 200;

    /// <summary>A synthetic job of N no-op units from submit to <c>completed</c>, with so many worker processes.</summary>
    public static async Task<RunResult> RunEndToEndAsync(BenchmarkSettings settings, int workers, int run)
    {
        await using var cluster = await WorkUnitsCluster.StartAsync(settings, $"wu{workers}", workers);

        var clock = Stopwatch.StartNew();
        var jobId = await cluster.SubmitSyntheticAsync(settings.Units);
        await using var sampler = new Sampler(clock, async () => (await cluster.ReadJobAsync(jobId))?.Ended ?? 0);

        var job = await cluster.WaitForJobAsync(jobId, row => row.IsFinal, JobTimeout);
        var samples = await sampler.StopAsync(new Sample(clock.Elapsed.TotalSeconds, job.Ended));
        if (job.State != "completed" || job.EndedAt is null)
        {
            throw new InvalidOperationException($"The job ended {job.State} with {job.Ended} of {settings.Units} units.");
        }

        var seconds = (job.EndedAt.Value - job.CreatedAt).TotalSeconds;
        return new RunResult(EndToEnd, $"{workers} worker{(workers == 1 ? "" : "s")}", run, settings.Units, seconds, samples)
        {
            PeakOrchestratorMb = cluster.PeakOrchestratorMb(),
            PeakWorkerMb = cluster.PeakWorkerMb(),
            Note = "submit to completed, from the job's created_at to ended_at",
        };
    }

    /// <summary>
    /// How fast the orchestrator records completions of one job: the job's N units are dispatched to a queue no
    /// worker reads, the orchestrator is paused (SIGSTOP), the N completions are queued for it as
    /// <c>UnitsEnded</c> messages of a worker's default batch size (200 outcomes each), and the clock runs from
    /// resuming it until the store counts all N.
    /// </summary>
    public static async Task<RunResult> RunTrackingAsync(BenchmarkSettings settings, int run)
    {
        var units = settings.Units;
        var window = new Dictionary<string, string>
        {
            ["WorkUnits__Orchestrator__DefaultMaxInFlight"] = units.ToString(CultureInfo.InvariantCulture),
            ["WorkUnits__Orchestrator__MaxInFlightLimit"] = Math.Max(units, 100_000).ToString(CultureInfo.InvariantCulture),
        };
        await using var cluster = await WorkUnitsCluster.StartAsync(settings, "track", workers: 0, window);

        var jobId = await cluster.SubmitSyntheticAsync(units);
        await cluster.WaitForJobAsync(jobId, row => row.Dispatched == units, JobTimeout);

        cluster.Orchestrator!.Signal("STOP");
        try
        {
            await QueueCompletionsAsync(cluster.Services.RabbitMqUrl, jobId, units);
        }
        finally
        {
            cluster.Orchestrator.Signal("CONT");
        }

        var clock = Stopwatch.StartNew();
        await using var sampler = new Sampler(clock, async () => (await cluster.ReadJobAsync(jobId))?.Ended ?? 0);
        var job = await cluster.WaitForJobAsync(jobId, row => row.Ended >= units, JobTimeout, TimeSpan.FromMilliseconds(20));
        var seconds = clock.Elapsed.TotalSeconds;
        var samples = await sampler.StopAsync(new Sample(seconds, job.Ended));

        return new RunResult(Tracking, "one job", run, units, seconds, samples)
        {
            PeakOrchestratorMb = cluster.PeakOrchestratorMb(),
            Note = "completions recorded per second from a full outcomes queue",
        };
    }

    /// <summary>
    /// Units per second the splitter dispatches for one big job, with one worker taking them, and the peak
    /// memory of the orchestrator and the worker meanwhile. The window is the largest a job may ask for, so the
    /// split is held back by the window only once that many units are outstanding.
    /// </summary>
    public static async Task<RunResult> RunSplitAsync(BenchmarkSettings settings, int run)
    {
        var window = new Dictionary<string, string>
        {
            ["WorkUnits__Orchestrator__DefaultMaxInFlight"] = "100000",
        };
        await using var cluster = await WorkUnitsCluster.StartAsync(settings, "split", workers: 1, window);

        var clock = Stopwatch.StartNew();
        var jobId = await cluster.SubmitSyntheticAsync(settings.SplitUnits);
        await using var sampler = new Sampler(clock, async () => (await cluster.ReadJobAsync(jobId))?.Dispatched ?? 0);

        var orchestratorPeak = 0.0;
        var workerPeak = 0.0;
        var job = await cluster.WaitForJobAsync(
            jobId,
            row =>
            {
                orchestratorPeak = Math.Max(orchestratorPeak, cluster.PeakOrchestratorMb());
                workerPeak = Math.Max(workerPeak, cluster.PeakWorkerMb());
                return row.SplitCompleted;
            },
            settings.SplitTimeLimit,
            TimeSpan.FromMilliseconds(250));

        var seconds = clock.Elapsed.TotalSeconds;
        var samples = await sampler.StopAsync(new Sample(clock.Elapsed.TotalSeconds, job.Dispatched));

        return new RunResult(Split, $"{settings.SplitUnits:N0}-unit job", run, job.Dispatched, seconds, samples)
        {
            PeakOrchestratorMb = Math.Max(orchestratorPeak, cluster.PeakOrchestratorMb()),
            PeakWorkerMb = Math.Max(workerPeak, cluster.PeakWorkerMb()),
            Note = job.SplitCompleted
                ? "whole split; window 100,000; one worker consuming"
                : $"stopped after {settings.SplitTimeLimit.TotalSeconds:F0} s with {job.Dispatched:N0} of "
                    + $"{settings.SplitUnits:N0} dispatched; window 100,000; one worker consuming",
        };
    }

    private static async Task QueueCompletionsAsync(string rabbitMqUrl, Guid jobId, int units)
    {
        var factory = new ConnectionFactory { Uri = new Uri(rabbitMqUrl) };
        await using var connection = await factory.CreateConnectionAsync("bench-completions");
        var options = new CreateChannelOptions(
            publisherConfirmationsEnabled: true,
            publisherConfirmationTrackingEnabled: true,
            outstandingPublisherConfirmationsRateLimiter: new ThrottlingRateLimiter(1_000));
        await using var channel = await connection.CreateChannelAsync(options);

        var properties = new BasicProperties { Persistent = true, ContentType = "application/vnd.masstransit+json" };
        var pending = new List<Task>(1_000);
        for (var first = 0; first < units; first += OutcomeBatchSize)
        {
            var body = Encoding.UTF8.GetBytes(UnitsEndedJson(jobId, first, Math.Min(OutcomeBatchSize, units - first)));
            pending.Add(channel.BasicPublishAsync("", "workunits-outcomes", false, properties, body).AsTask());
            if (pending.Count == 1_000)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }

        await Task.WhenAll(pending);
    }

    /// <summary>A <c>UnitsEnded</c> in MassTransit's envelope completing units first to first + count - 1.</summary>
    private static string UnitsEndedJson(Guid jobId, int first, int count)
    {
        var completed = string.Join(',', Enumerable.Range(first, count).Select(index => string.Create(
            CultureInfo.InvariantCulture,
            $$$"""{"jobId":"{{{jobId}}}","unitIndex":{{{index}}},"attempt":1,"result":"{{{index}}}"}""")));
        const string MessageType = "urn:message:WorkUnits.Contracts:UnitsEnded";
        var message = $$"""{"completed":[{{completed}}],"failed":[]}""";
        return string.Create(
            CultureInfo.InvariantCulture,
            $$$"""{"messageId":"{{{Guid.NewGuid()}}}","messageType":["{{{MessageType}}}"],"message":{{{message}}}}""");
    }
}
