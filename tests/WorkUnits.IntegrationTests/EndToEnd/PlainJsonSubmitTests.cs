using System.Text;
using NUnit.Framework;
using RabbitMQ.Client;
using WorkUnits.Contracts;
using WorkUnits.Hosting;
using WorkUnits.IntegrationTests.Infrastructure;

namespace WorkUnits.IntegrationTests.EndToEnd;

/// <summary>A producer in any language submits with plain JSON on the submit queue, as the README shows.</summary>
[TestFixture]
public sealed class PlainJsonSubmitTests : EndToEndFixture
{
    [Test]
    public async Task SubmitQueue_PlainJsonWithoutEnvelope_RunsTheJob()
    {
        var host = await StartHostAsync(WorkUnitsRole.All);
        var jobId = Guid.NewGuid();
        var json = $$$"""{"jobId":"{{{jobId}}}","jobType":"synthetic","parameters":{"units":250,"unitMs":0}}""";

        await PublishRawAsync(WorkUnitsQueues.Submit, json);
        var status = await WaitUntilKnownAsync(host.Client(), jobId);
        var final = await host.Client().WaitForEndAsync(status.JobId, TimeSpan.FromMinutes(5));

        Assert.Multiple(() =>
        {
            Assert.That(final.State, Is.EqualTo("completed"));
            Assert.That(final.Result!.Value.GetProperty("sum").GetInt64(), Is.EqualTo(250L * 249 / 2));
        });
    }

    private async Task PublishRawAsync(string queue, string json)
    {
        var factory = new ConnectionFactory { Uri = new Uri(Endpoints.RabbitMqUrl) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties =
            new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent };

        await channel.BasicPublishAsync(string.Empty, queue, mandatory: true, properties, Encoding.UTF8.GetBytes(json));
    }

    private static async Task<JobStatus> WaitUntilKnownAsync(WorkUnitsClient client, Guid jobId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            if (await client.GetStatusAsync(jobId, timeout.Token) is { } status)
            {
                return status;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
        }
    }
}
