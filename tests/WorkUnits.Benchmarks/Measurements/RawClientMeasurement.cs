using System.Diagnostics;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using WorkUnits.Benchmarks.Infrastructure;
using WorkUnits.Benchmarks.Reporting;

namespace WorkUnits.Benchmarks.Measurements;

/// <summary>
/// The limit: RabbitMQ.Client publishing unit-sized persistent messages with publisher confirms to a classic
/// durable queue while a consumer on its own connection takes them with manual acks.
/// </summary>
internal static class RawClientMeasurement
{
    public const string Name = "raw-client";

    /// <summary>About the size of a MassTransit envelope carrying one <c>ExecuteUnit</c>.</summary>
    public const int MessageBytes = 1024;

    private const string Queue = "bench-units";
    private const int ConfirmWindow = 1_000;
    private const ushort Prefetch = 256;
    private const int PublisherChannels = 8;
    private const ushort Consumers = 8;

    public static async Task<RunResult> RunAsync(BenchmarkSettings settings, int run)
    {
        await using var services = await IsolatedServices.CreateAsync(settings, "raw");
        var factory = new ConnectionFactory { Uri = new Uri(services.RabbitMqUrl), ConsumerDispatchConcurrency = Consumers };

        await using var consumerConnection = await factory.CreateConnectionAsync("bench-consumer");
        await using var consumerChannel = await consumerConnection.CreateChannelAsync();
        await consumerChannel.QueueDeclareAsync(Queue, durable: true, exclusive: false, autoDelete: false);
        await consumerChannel.BasicQosAsync(0, Prefetch, global: false);

        var units = settings.Units;
        var consumed = 0L;
        var allConsumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(consumerChannel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            await consumerChannel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
            if (Interlocked.Increment(ref consumed) == units)
            {
                allConsumed.TrySetResult();
            }
        };
        await consumerChannel.BasicConsumeAsync(Queue, autoAck: false, consumer);

        await using var publisherConnection = await factory.CreateConnectionAsync("bench-publisher");
        var body = new byte[MessageBytes];
        Array.Fill(body, (byte)'x');
        var properties = new BasicProperties { Persistent = true, ContentType = "application/json" };

        var clock = Stopwatch.StartNew();
        await using var sampler = new Sampler(clock, () => Task.FromResult(Interlocked.Read(ref consumed)));

        // One channel waits for each confirm in turn; several channels let the broker confirm them together.
        var next = -1L;
        await Task.WhenAll(Enumerable.Range(0, PublisherChannels).Select(async _ =>
        {
            var options = new CreateChannelOptions(
                publisherConfirmationsEnabled: true,
                publisherConfirmationTrackingEnabled: true,
                outstandingPublisherConfirmationsRateLimiter: new ThrottlingRateLimiter(ConfirmWindow / PublisherChannels));
            await using var channel = await publisherConnection.CreateChannelAsync(options);
            var pending = new List<Task>(ConfirmWindow);
            while (Interlocked.Increment(ref next) < units)
            {
                pending.Add(channel.BasicPublishAsync("", Queue, mandatory: false, properties, body).AsTask());
                if (pending.Count == ConfirmWindow / PublisherChannels)
                {
                    await Task.WhenAll(pending);
                    pending.Clear();
                }
            }

            await Task.WhenAll(pending);
        }));

        var published = clock.Elapsed.TotalSeconds;

        await allConsumed.Task.WaitAsync(TimeSpan.FromMinutes(10));
        var seconds = clock.Elapsed.TotalSeconds;
        var samples = await sampler.StopAsync(new Sample(seconds, units));

        return new RunResult(Name, "confirms, manual acks", run, units, seconds, samples)
        {
            Extra = new Dictionary<string, double> { ["publish/s"] = units / published },
            Note = $"{MessageBytes} B persistent, {PublisherChannels} publisher channels, {ConfirmWindow} confirms outstanding, prefetch {Prefetch}, {Consumers} consumer dispatchers",
        };
    }
}
