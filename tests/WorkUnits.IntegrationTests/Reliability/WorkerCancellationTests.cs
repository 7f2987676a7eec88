using System.Text.Json;
using Microsoft.Extensions.Hosting;
using NUnit.Framework;
using WorkUnits.Contracts;
using WorkUnits.Hosting;
using WorkUnits.IntegrationTests.EndToEnd;
using WorkUnits.IntegrationTests.Infrastructure;
using WorkUnits.Testing;

namespace WorkUnits.IntegrationTests.Reliability;

/// <summary>
/// On RabbitMQ, a cancelled job's running units are cancelled on every worker process, since each worker hears
/// job events on a queue of its own, and the job's remaining units never start.
/// </summary>
public sealed class WorkerCancellationTests : ServiceFixture
{
    [Test]
    public async Task Cancel_UnitsRunningOnTwoWorkers_EveryRunningUnitIsCancelledAndNoOtherStarts()
    {
        var workerSettings = new Dictionary<string, string?>
        {
            ["WorkUnits:Worker:Concurrency"] = "3",
            ["WorkUnits:Worker:PrefetchCount"] = "3",
        };
        // One unit per message, so that the six units of the window spread over both workers.
        var orchestratorSettings = new Dictionary<string, string?> { ["WorkUnits:Orchestrator:UnitsPerMessage"] = "1" };
        using var orchestrator = Own(await WorkUnitsHosts.StartAsync(
            Endpoints, WorkUnitsRole.Orchestrator, BlockingJob.Register, orchestratorSettings));
        using var first = Own(await WorkUnitsHosts.StartAsync(Endpoints, WorkUnitsRole.Worker, BlockingJob.Register, workerSettings));
        using var second = Own(await WorkUnitsHosts.StartAsync(Endpoints, WorkUnitsRole.Worker, BlockingJob.Register, workerSettings));
        var jobId = Guid.NewGuid();
        var probe = BlockingJob.ProbeOf(jobId);

        await orchestrator.Client().SubmitAsync(new SubmitJob
        {
            JobId = jobId,
            JobType = "blocking",
            Parameters = JsonDocument.Parse("{\"units\":50}").RootElement,
            Settings = new JobSettings { MaxInFlight = 6 },
        });
        await Eventually.HoldsAsync(() => probe.Started >= 6, TimeSpan.FromSeconds(60));
        await orchestrator.Client().CancelAsync(jobId, "enough");
        await Eventually.HoldsAsync(() => probe.Cancelled >= 6, TimeSpan.FromSeconds(60));
        await Task.Delay(500);

        Assert.That((probe.Started, probe.Cancelled), Is.EqualTo((6, 6)));
        Assert.That((await orchestrator.Client().GetStatusAsync(jobId))!.State, Is.EqualTo("cancelled"));
    }
}
