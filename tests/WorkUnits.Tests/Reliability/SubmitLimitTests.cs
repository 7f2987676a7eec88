using System.Text.Json;
using NUnit.Framework;
using WorkUnits.Contracts;
using WorkUnits.Testing;

namespace WorkUnits.Tests.Reliability;

public sealed class SubmitLimitTests
{
    [Test]
    public async Task Submit_LargerThanMaxSubmitBytes_IsRejectedNamingTheLimit()
    {
        using var host = await InProcessHost.StartAsync(
            workUnits => workUnits.AddJobType<CountingSplitter, LeaseFlowTests.HangsOnFirstAttemptHandler>("big"),
            new Dictionary<string, string?> { ["WorkUnits:Orchestrator:MaxSubmitBytes"] = "2048" });
        var padding = new string('x', 4_096);

        var rejection = Assert.ThrowsAsync<JobRejectedException>(() => host.Client.SubmitAsync(new SubmitJob
        {
            JobType = "big",
            Parameters = JsonDocument.Parse($"{{\"units\":1,\"padding\":\"{padding}\"}}").RootElement,
        }));

        Assert.That(rejection!.Field, Is.EqualTo("submit"));
        Assert.That(rejection.Reason, Does.Contain("WorkUnits:Orchestrator:MaxSubmitBytes"));
    }
}
