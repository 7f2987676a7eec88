using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WorkUnits.Benchmarks.Reporting;

namespace WorkUnits.Benchmarks.Measurements;

/// <summary>
/// MassTransit's job consumers running N no-op jobs. They need a message scheduler, which this broker cannot
/// give them (no delayed-message plugin), so they run on the in-memory transport with in-memory sagas: no
/// broker, no database, no durability. That is their best case.
/// </summary>
internal static class JobConsumerMeasurement
{
    public const string Name = "masstransit-jobs";

    private const int ConcurrentJobLimit = 100;
    private const int SubmitBatch = 1_000;

    public static async Task<RunResult> RunAsync(BenchmarkSettings settings, int run)
    {
        var jobs = settings.PeerUnits;
        var tally = new JobTally(jobs);

        var services = new ServiceCollection();
        services.AddSingleton(tally);
        services.AddLogging(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        services.AddMassTransit(bus =>
        {
            bus.ConfigureUsageTelemetryOptions(options => options.Enabled = false);
            bus.SetInMemorySagaRepositoryProvider();
            bus.AddDelayedMessageScheduler();
            bus.AddConsumer<NoopJobConsumer>(consumer => consumer.Options<JobOptions<NoopJob>>(options =>
                options.SetConcurrentJobLimit(ConcurrentJobLimit).SetJobTimeout(TimeSpan.FromMinutes(5))));
            bus.AddConsumer<CompletedJobCounter>();
            bus.AddJobSagaStateMachines(options => options.SlotWaitTime = TimeSpan.FromMilliseconds(100));
            bus.UsingInMemory((context, transport) =>
            {
                transport.UseDelayedMessageScheduler();
                transport.ConfigureEndpoints(context);
            });
        });

        await using var provider = services.BuildServiceProvider();
        var control = provider.GetRequiredService<IBusControl>();
        await control.StartAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            await using var sampler = new Sampler(clock, () => Task.FromResult(tally.Done));

            for (var first = 0; first < jobs; first += SubmitBatch)
            {
                var count = Math.Min(SubmitBatch, jobs - first);
                await Task.WhenAll(Enumerable.Range(first, count)
                    .Select(index => control.SubmitJob(new NoopJob(index), CancellationToken.None)));
            }

            await tally.AllDone.WaitAsync(TimeSpan.FromSeconds(Math.Max(120, jobs / 20)));
            var seconds = clock.Elapsed.TotalSeconds;
            var samples = await sampler.StopAsync(new Sample(seconds, jobs));

            return new RunResult(Name, "in-memory transport", run, jobs, seconds, samples)
            {
                Note = $"in-memory transport and sagas (their best case); concurrent job limit {ConcurrentJobLimit}, slot wait 100 ms",
            };
        }
        finally
        {
            await control.StopAsync();
        }
    }
}
