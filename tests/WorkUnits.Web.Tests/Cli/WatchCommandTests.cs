using System.Text.Json;
using NUnit.Framework;
using WorkUnits.Cli.CommandLine;
using WorkUnits.Cli.Commands;
using WorkUnits.IntegrationTests.Infrastructure;
using WorkUnits.Web.Tests.Support;

namespace WorkUnits.Web.Tests.Cli;

/// <summary>
/// <c>workunits watch</c> against a real orchestrator: the same figures as the dashboard, as text or JSON.
/// </summary>
public sealed class WatchCommandTests : ServiceFixture
{
    private OrchestratorHost _host = null!;

    [OneTimeSetUp]
    public async Task StartOrchestratorAsync() => _host = Own(await OrchestratorHost.StartAsync(Endpoints));

    [Test]
    public async Task Watch_PlainOutput_ShowsProgressLinesAndTheMostCommonError()
    {
        var jobId = await SubmitFailingJobAsync();
        using var output = new StringWriter();

        var exitCode = await WatchCommand.FollowAndPrintAsync(
            _host.Client,
            jobId,
            json: false,
            interactive: false,
            output,
            TimeProvider.System,
            CancellationToken.None);

        var text = output.ToString();
        Assert.That(exitCode, Is.EqualTo(ExitCodes.Success));
        Assert.That(text, Does.Contain("ok 32  failed 8  in flight 0"));
        Assert.That(text, Does.Contain("units/s  ETA"));
        Assert.That(text, Does.Contain($"8 x System.IO.InvalidDataException: {FlakyHandler.FailureMessage}"));
        Assert.That(text, Does.Contain("progress  100.0%"));
        Assert.That(text, Does.Not.Contain("\x1b["));
    }

    [Test]
    public async Task Watch_Json_PrintsOneObjectPerChangeEndingWithTheErrors()
    {
        var jobId = await SubmitFailingJobAsync();
        using var output = new StringWriter();

        await WatchCommand.FollowAndPrintAsync(
            _host.Client,
            jobId,
            json: true,
            interactive: false,
            output,
            TimeProvider.System,
            CancellationToken.None);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var last = JsonDocument.Parse(lines[^1]).RootElement;
        Assert.That(
            lines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("jobId").GetGuid()),
            Is.All.EqualTo(jobId));
        Assert.That(last.GetProperty("state").GetString(), Is.EqualTo("completed"));
        Assert.That(last.GetProperty("inFlight").GetInt64(), Is.Zero);
        Assert.That(last.GetProperty("errors")[0].GetProperty("count").GetInt64(), Is.EqualTo(8));
    }

    private Task<Guid> SubmitFailingJobAsync() =>
        _host.SubmitAsync(
            OrchestratorHost.FlakyJobType,
            new FlakyParameters(Units: 40, FailEvery: 5, UnitMs: 20),
            maxFailedUnits: 100);
}
