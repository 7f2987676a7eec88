using System.Text;
using NUnit.Framework;
using RabbitMQ.Client;
using WorkUnits.Contracts;
using WorkUnits.Hosting;
using WorkUnits.IntegrationTests.EndToEnd;
using WorkUnits.IntegrationTests.Infrastructure;

namespace WorkUnits.IntegrationTests.Reliability;

/// <summary>
/// Bad input on the submit queue goes to its error queue at once, with the reason in the fault headers, and the
/// orchestrator keeps running.
/// </summary>
public sealed class BadSubmitTests : ServiceFixture
{
    private static readonly string ErrorQueue = WorkUnitsQueues.Submit + "_error";

    [TestCase("{not json", "")]
    [TestCase("{\"jobType\":\"no-such-type\",\"parameters\":{}}", "jobType")]
    [TestCase("{\"jobType\":\"synthetic\",\"parameters\":{\"units\":-1}}", "parameters.units")]
    public async Task Submit_BadInput_LandsInTheErrorQueueWithTheReasonAndTheServiceCarriesOn(string body, string field)
    {
        var endpoints = await CreateEndpointsAsync();
        var host = Own(await WorkUnitsHosts.StartAsync(endpoints, WorkUnitsRole.All));
        var factory = new ConnectionFactory { Uri = new Uri(endpoints.RabbitMqUrl) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent };

        await channel.BasicPublishAsync(WorkUnitsQueues.Submit, string.Empty, mandatory: false, properties, Encoding.UTF8.GetBytes(body));
        var faulted = await GetWithinAsync(connection, TimeSpan.FromSeconds(30));
        var accepted = await host.Client().SubmitAsync(new SubmitJob
        {
            JobType = "synthetic",
            Parameters = System.Text.Json.JsonDocument.Parse("{\"units\":5}").RootElement,
        });
        var final = await host.Client().WaitForEndAsync(accepted.JobId, TimeSpan.FromMinutes(1));

        var reason = Encoding.UTF8.GetString((byte[])faulted.BasicProperties.Headers!["MT-Fault-Message"]!);
        Assert.That(reason, Does.Contain(field));
        Assert.That(Encoding.UTF8.GetString(faulted.Body.Span), Is.EqualTo(body));
        Assert.That(final.State, Is.EqualTo("completed"));
    }

    private static async Task<BasicGetResult> GetWithinAsync(IConnection connection, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            // The error queue appears with the first fault; asking for a missing queue closes the channel.
            await using var channel = await connection.CreateChannelAsync();
            try
            {
                if (await channel.BasicGetAsync(ErrorQueue, autoAck: true) is { } result)
                {
                    return result;
                }
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Nothing reached {ErrorQueue} within {timeout}.");
        return null!;
    }
}
