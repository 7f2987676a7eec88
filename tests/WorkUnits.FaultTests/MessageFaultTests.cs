using System.Text.Json.Nodes;
using NUnit.Framework;
using WorkUnits.Contracts;
using WorkUnits.FaultTests.Infrastructure;

namespace WorkUnits.FaultTests;

/// <summary>
/// Messages that arrive wrong in the middle of a 5,000-unit job: unit messages delivered several times, thousands of
/// completions at once, and submits that cannot be read or accepted. Every unit is still recorded once and only the
/// bad submits land in an error queue.
/// </summary>
[Category("Faults")]
public sealed class MessageFaultTests
{
    [Test]
    public async Task Job_UnitMessagesDeliveredSeveralTimes_CompletesWithEveryUnitRecordedOnce()
    {
        await using var cluster = await FaultCluster.StartAsync();
        var jobId = await cluster.SubmitAsync(unitMs: 50);
        await cluster.WaitUntilAsync(
            jobId,
            job => job.Dispatched >= 2_000 && job.Succeeded >= 200,
            TimeSpan.FromMinutes(2));

        var queued = await cluster.Services.PeekAsync(WorkUnitsQueues.Units, count: 50);
        foreach (var message in queued)
        {
            // Twice as it is (the same message id, as a broker redelivers it) and once as a new message (a new id,
            // as a producer that sent it again would).
            var units = WorkUnitsQueues.Units;
            await cluster.Services.PublishAsync(units, message.Payload, message.Properties, message.Encoding);
            await cluster.Services.PublishAsync(units, message.Payload, message.Properties, message.Encoding);
            await cluster.Services.PublishAsync(
                units,
                WithNewMessageId(message.Payload),
                WithNewMessageId(message.Properties));
        }

        Assert.That(queued, Has.Count.GreaterThanOrEqualTo(20), "the job's window should keep units queued");
        await cluster.AssertJobCompletedExactlyOnceAsync(jobId);
    }

    [Test]
    public async Task Job_ThousandsOfCompletionsArrivingAtOnce_CompletesWithEveryUnitRecordedOnce()
    {
        await using var cluster = await FaultCluster.StartAsync();
        var jobId = await cluster.SubmitAsync(unitMs: 200);
        await cluster.WaitUntilAsync(jobId, job => job.Dispatched >= 4_000, TimeSpan.FromMinutes(2));

        // The orchestrator stops reading while the workers run every dispatched unit; its outcomes pile up in the
        // queue and arrive at once when it goes on.
        cluster.Orchestrator.Pause();
        var atPause = (await cluster.ReadJobAsync(jobId))!;
        await WaitUntilQueueDrainedAsync(cluster, WorkUnitsQueues.Units);
        cluster.Orchestrator.Resume();

        Assert.That(atPause.Dispatched - atPause.Succeeded, Is.GreaterThanOrEqualTo(2_000), "completions held back");
        await cluster.AssertJobCompletedExactlyOnceAsync(jobId);
    }

    [Test]
    public async Task Job_WithBadSubmitsArrivingMidJob_RejectsThemToTheErrorQueueAndCompletes()
    {
        await using var cluster = await FaultCluster.StartAsync();
        var jobId = await cluster.SubmitAsync(unitMs: 20);
        await cluster.WaitUntilAsync(jobId, job => job.Succeeded >= 500, TimeSpan.FromMinutes(2));
        var unknownType = Guid.NewGuid();
        var invalidParameters = Guid.NewGuid();
        var json = new JsonObject { ["content_type"] = "application/json", ["delivery_mode"] = 2 };

        var routed = new[]
        {
            await cluster.Services.PublishAsync(WorkUnitsQueues.Submit, """{"jobType": "synthetic", "param""", json),
            await cluster.Services.PublishAsync(
                WorkUnitsQueues.Submit,
                $$$"""{"jobId": "{{{unknownType}}}", "jobType": "no-such-type", "parameters": {}}""",
                json),
            await cluster.Services.PublishAsync(
                WorkUnitsQueues.Submit,
                $$$"""{"jobId": "{{{invalidParameters}}}", "jobType": "synthetic", "parameters": {"units": -1}}""",
                json),
        };

        Assert.That(routed, Is.All.True);
        await cluster.AssertJobCompletedExactlyOnceAsync(
            jobId,
            expectedErrors: new Dictionary<string, long> { [$"{WorkUnitsQueues.Submit}_error"] = 3 });
        Assert.That(await cluster.ReadJobAsync(unknownType), Is.Null);
        Assert.That(await cluster.ReadJobAsync(invalidParameters), Is.Null);
        Assert.That(cluster.AllRunning(), Is.True, cluster.Logs());
    }

    private static string WithNewMessageId(string envelope)
    {
        var json = JsonNode.Parse(envelope)!;
        json["messageId"] = Guid.NewGuid().ToString();
        return json.ToJsonString();
    }

    private static JsonNode WithNewMessageId(JsonNode properties)
    {
        var copy = properties.DeepClone();
        copy["message_id"] = Guid.NewGuid().ToString();
        return copy;
    }

    /// <summary>Waits until the queue is empty, nothing ready and nothing unacknowledged.</summary>
    private static async Task WaitUntilQueueDrainedAsync(FaultCluster cluster, string queue)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (await cluster.Services.QueueMessagesAsync(queue) > 0)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"{queue} did not drain.\n{cluster.Logs()}");
            await Task.Delay(200);
        }
    }
}
