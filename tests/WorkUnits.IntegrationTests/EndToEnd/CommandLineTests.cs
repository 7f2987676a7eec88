using System.Text.Json;
using NUnit.Framework;
using WorkUnits.Cli.CommandLine;
using WorkUnits.Cli.Commands;
using WorkUnits.Hosting;
using WorkUnits.IntegrationTests.Infrastructure;

namespace WorkUnits.IntegrationTests.EndToEnd;

/// <summary>
/// The job commands of `workunits`, run in-process against an orchestrator on RabbitMQ and PostgreSQL.
/// </summary>
[TestFixture]
public sealed class CommandLineTests : EndToEndFixture
{
    [Test]
    public async Task SubmitStatusList_SyntheticJob_PrintTheSameJobAsJson()
    {
        await StartHostAsync(WorkUnitsRole.All);
        var jobId = Guid.NewGuid();

        var (submitExit, submitted) = await RunAsync(
            SubmitCommand.RunAsync,
            "submit", "synthetic", "--param", "units=300", "--id", jobId.ToString(), "--wait", "--json");
        var (statusExit, status) = await RunAsync(StatusCommand.RunAsync, "status", jobId.ToString(), "--json");
        var (listExit, list) = await RunAsync(ListCommand.RunAsync, "list", "--state", "completed", "--json");

        using var submittedJob = JsonDocument.Parse(submitted);
        using var statusJob = JsonDocument.Parse(status);
        using var listed = JsonDocument.Parse(list);
        Assert.Multiple(() =>
        {
            Assert.That(submitExit, Is.EqualTo(ExitCodes.Success));
            Assert.That(statusExit, Is.EqualTo(ExitCodes.Success));
            Assert.That(listExit, Is.EqualTo(ExitCodes.Success));
            Assert.That(submittedJob.RootElement.GetProperty("jobId").GetGuid(), Is.EqualTo(jobId));
            Assert.That(statusJob.RootElement.GetProperty("state").GetString(), Is.EqualTo("completed"));
            Assert.That(
                statusJob.RootElement.GetProperty("result").GetProperty("sum").GetInt64(),
                Is.EqualTo(300L * 299 / 2));
            Assert.That(
                listed.RootElement.EnumerateArray().Select(job => job.GetProperty("jobId").GetGuid()),
                Does.Contain(jobId));
        });
    }

    [Test]
    public async Task Cancel_RunningJob_EndsCancelledAndStopsDispatching()
    {
        var host = await StartHostAsync(WorkUnitsRole.All,
            settings: new Dictionary<string, string?> { ["WorkUnits:Orchestrator:DefaultMaxInFlight"] = "20" });
        var accepted = await host.Client().SubmitAsync(SyntheticJobTests.Synthetic(5_000, unitMs: 20));
        await host.Client().WaitForProgressAsync(accepted.JobId, ended: 20, TimeSpan.FromMinutes(2));

        var (exit, output) = await RunAsync(
            CancelCommand.RunAsync,
            "cancel", accepted.JobId.ToString(), "--reason", "test");
        var status = await host.Client().GetStatusAsync(accepted.JobId);

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(ExitCodes.Success), output);
            Assert.That(status!.State, Is.EqualTo("cancelled"));
            Assert.That(status.Dispatched, Is.LessThan(5_000));
            Assert.That(status.Reason, Is.EqualTo("test"));
        });
    }

    [Test]
    public async Task Status_UnknownJob_ExitsWithJobNotFound()
    {
        await StartHostAsync(WorkUnitsRole.All);

        var (exit, _) = await RunAsync(StatusCommand.RunAsync, "status", Guid.NewGuid().ToString());

        Assert.That(exit, Is.EqualTo(ExitCodes.JobNotFound));
    }

    [Test]
    public void Submit_WithoutBrokerSetting_StopsNamingTheSetting()
    {
        var args = ParsedArguments.Parse(["submit", "synthetic", "--RabbitMq:Url="]);

        var problem = Assert.ThrowsAsync<ConfigurationProblemException>(
            () => SubmitCommand.RunAsync(args, TextWriter.Null, CancellationToken.None));

        Assert.That(problem!.Message, Does.Contain("RabbitMq:Url"));
    }

    private async Task<(int ExitCode, string Output)> RunAsync(
        Func<ParsedArguments, TextWriter, CancellationToken, Task<int>> command,
        params string[] args)
    {
        using var output = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var parsed = ParsedArguments.Parse([.. args, $"--RabbitMq:Url={Endpoints.RabbitMqUrl}"]);

        var exitCode = await command(parsed, output, timeout.Token);

        return (exitCode, output.ToString().Trim());
    }
}
