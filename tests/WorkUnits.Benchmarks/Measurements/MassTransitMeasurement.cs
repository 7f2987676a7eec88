using System.Diagnostics;
using MassTransit;
using WorkUnits.Benchmarks.Infrastructure;
using WorkUnits.Benchmarks.Reporting;

namespace WorkUnits.Benchmarks.Measurements;

/// <summary>MassTransit alone: a plain consumer over the same messages, sent through MassTransit to a classic queue.</summary>
internal static class MassTransitMeasurement
{
    public const string Name = "masstransit";

    private const string Queue = "bench-units";
    private const int Prefetch = 256;
    private const int Concurrency = 64;
    private const int SendBatch = 1_000;

    public static async Task<RunResult> RunAsync(BenchmarkSettings settings, int run)
    {
        await using var services = await IsolatedServices.CreateAsync(settings, "mt");
        var broker = new Uri(services.RabbitMqUrl);
        var credentials = broker.UserInfo.Split(':');

        var units = settings.Units;
        var consumed = 0L;
        var allConsumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var bus = Bus.Factory.CreateUsingRabbitMq(configure =>
        {
            configure.Host(broker.Host, (ushort)broker.Port, services.Name, host =>
            {
                host.Username(Uri.UnescapeDataString(credentials[0]));
                host.Password(Uri.UnescapeDataString(credentials[1]));
            });

            configure.ReceiveEndpoint(Queue, endpoint =>
            {
                endpoint.PrefetchCount = Prefetch;
                endpoint.ConcurrentMessageLimit = Concurrency;
                endpoint.Handler<UnitMessage>(_ =>
                {
                    if (Interlocked.Increment(ref consumed) == units)
                    {
                        allConsumed.TrySetResult();
                    }

                    return Task.CompletedTask;
                });
            });
        });

        await bus.StartAsync();
        try
        {
            var endpoint = await bus.GetSendEndpoint(new Uri($"queue:{Queue}"));
            var jobId = Guid.NewGuid();

            var clock = Stopwatch.StartNew();
            await using var sampler = new Sampler(clock, () => Task.FromResult(Interlocked.Read(ref consumed)));

            for (var first = 0; first < units; first += SendBatch)
            {
                var count = Math.Min(SendBatch, units - first);
                await Task.WhenAll(Enumerable.Range(first, count).Select(index => endpoint.Send(UnitMessage.For(jobId, index))));
            }

            var sent = clock.Elapsed.TotalSeconds;
            await allConsumed.Task.WaitAsync(TimeSpan.FromMinutes(10));
            var seconds = clock.Elapsed.TotalSeconds;
            var samples = await sampler.StopAsync(new Sample(seconds, units));

            return new RunResult(Name, "plain consumer", run, units, seconds, samples)
            {
                Extra = new Dictionary<string, double> { ["send/s"] = units / sent },
                Note = $"prefetch {Prefetch}, concurrency {Concurrency}, sends in batches of {SendBatch}",
            };
        }
        finally
        {
            await bus.StopAsync();
        }
    }
}
