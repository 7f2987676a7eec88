using System.Text.Json;
using NUnit.Framework;
using WorkUnits.Contracts;
using WorkUnits.Hosting;
using WorkUnits.IntegrationTests.EndToEnd;
using WorkUnits.IntegrationTests.Infrastructure;
using WorkUnits.Testing;

namespace WorkUnits.IntegrationTests.Reliability;

/// <summary>
/// On RabbitMQ, a unit message that keeps coming back because the worker holding it went away is run only
/// <c>MaxRedeliveries</c> more times; after that its attempt is reported failed without running it, so a unit that
/// crashes its process cannot take the workers down for ever.
/// </summary>
public sealed class RedeliveryGuardTests : ServiceFixture
{
    [Test]
    public async Task Unit_WorkerConnectionLostWhileRunningItPastTheLimit_AttemptFailsAsWorkerLostWithoutAnotherRun()
    {
        var workerSettings = new Dictionary<string, string?> { ["WorkUnits:Worker:MaxRedeliveries"] = "1" };
        using var orchestrator = Own(await WorkUnitsHosts.StartAsync(Endpoints, WorkUnitsRole.Orchestrator, BlockingJob.Register));
        using var worker = Own(await WorkUnitsHosts.StartAsync(Endpoints, WorkUnitsRole.Worker, BlockingJob.Register, workerSettings));
        var jobId = Guid.NewGuid();
        var probe = BlockingJob.ProbeOf(jobId);

        await orchestrator.Client().SubmitAsync(new SubmitJob
        {
            JobId = jobId,
            JobType = "blocking",
            Parameters = JsonDocument.Parse("{\"units\":1}").RootElement,
            Settings = new JobSettings { MaxAttempts = 1 },
        });
        await Eventually.HoldsAsync(() => probe.Started == 1, TimeSpan.FromSeconds(60));
        await CloseBrokerConnectionsAsync(atLeast: 2);
        await Eventually.HoldsAsync(() => probe.Started == 2, TimeSpan.FromSeconds(60));
        await CloseBrokerConnectionsAsync(atLeast: 2);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var final = await orchestrator.Client().WaitAsync(jobId, TimeSpan.FromMilliseconds(100), cancellationToken: timeout.Token);
        var errors = await orchestrator.Client().GetErrorsAsync(jobId);

        Assert.That(final.State, Is.EqualTo("failed"));
        Assert.That(probe.Started, Is.EqualTo(2), "the first delivery and one redelivery ran; the next did not");
        Assert.That(errors!.Single().ErrorType, Is.EqualTo("WorkUnits.WorkerLost"));
    }

    [Test]
    public async Task Batch_WorkerConnectionLostWhileRunningIt_EachUnitComesBackOnItsOwnCountedAsReturnedOnce()
    {
        // The three units travel in one ExecuteUnits message. After the first loss each comes back as a message of
        // its own already counted once, so the second loss passes MaxRedeliveries = 1 and none runs a third time.
        var workerSettings = new Dictionary<string, string?> { ["WorkUnits:Worker:MaxRedeliveries"] = "1" };
        var orchestratorSettings = new Dictionary<string, string?> { ["WorkUnits:Orchestrator:UnitsPerMessage"] = "16" };
        using var orchestrator = Own(await WorkUnitsHosts.StartAsync(
            Endpoints, WorkUnitsRole.Orchestrator, BlockingJob.Register, orchestratorSettings));
        using var worker = Own(await WorkUnitsHosts.StartAsync(Endpoints, WorkUnitsRole.Worker, BlockingJob.Register, workerSettings));
        var jobId = Guid.NewGuid();
        var probe = BlockingJob.ProbeOf(jobId);

        await orchestrator.Client().SubmitAsync(new SubmitJob
        {
            JobId = jobId,
            JobType = "blocking",
            Parameters = JsonDocument.Parse("{\"units\":3}").RootElement,
            Settings = new JobSettings { MaxAttempts = 1, MaxFailedUnits = 3 },
        });
        await Eventually.HoldsAsync(() => probe.Started == 3, TimeSpan.FromSeconds(60));
        await CloseBrokerConnectionsAsync(atLeast: 2);
        await Eventually.HoldsAsync(() => probe.Started == 6, TimeSpan.FromSeconds(60));
        await CloseBrokerConnectionsAsync(atLeast: 2);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var final = await orchestrator.Client().WaitAsync(jobId, TimeSpan.FromMilliseconds(100), cancellationToken: timeout.Token);
        var errors = await orchestrator.Client().GetErrorsAsync(jobId);

        Assert.That(final.State, Is.EqualTo("completed"));
        Assert.That(probe.Started, Is.EqualTo(6), "each unit ran from the batch and once more on its own");
        Assert.That(final.Failed, Is.EqualTo(3));
        Assert.That(errors!.Single(), Has.Property("ErrorType").EqualTo("WorkUnits.WorkerLost").And.Property("Count").EqualTo(3));
    }
}
