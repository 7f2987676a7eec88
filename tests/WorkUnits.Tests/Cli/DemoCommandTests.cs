using System.Text.Json;
using NUnit.Framework;
using WorkUnits.Cli.CommandLine;
using WorkUnits.Cli.Commands;

namespace WorkUnits.Tests.Cli;

[TestFixture]
[NonParallelizable]
public sealed class DemoCommandTests
{
    [Test]
    public async Task Demo_EmbeddedSyntheticJob_PrintsACompletedJobWithTheExactSum()
    {
        using var output = new StringWriter();
        var args = ParsedArguments.Parse(["demo", "--json", "--param", "units=2000", .. WithoutServices]);

        var exitCode = await DemoCommand.RunAsync(args, output, CancellationToken.None);

        using var job = JsonDocument.Parse(output.ToString().Trim().Split('\n')[^1]);
        var root = job.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.Success));
            Assert.That(root.GetProperty("state").GetString(), Is.EqualTo("completed"));
            Assert.That(root.GetProperty("total").GetInt64(), Is.EqualTo(2000));
            Assert.That(root.GetProperty("succeeded").GetInt64(), Is.EqualTo(2000));
            Assert.That(root.GetProperty("failed").GetInt64(), Is.Zero);
            Assert.That(root.GetProperty("result").GetProperty("sum").GetInt64(), Is.EqualTo(2000L * 1999 / 2));
        });
    }

    [Test]
    public void Demo_OnlyTheBrokerConfigured_StopsNamingTheMissingSetting()
    {
        using var output = new StringWriter();
        var args = ParsedArguments.Parse(
            ["demo", "--RabbitMq:Url=amqp://user:pass@localhost:5672/x", "--Postgres:ConnectionString="]);

        var problem = Assert.ThrowsAsync<ConfigurationProblemException>(
            () => DemoCommand.RunAsync(args, output, CancellationToken.None));

        Assert.That(problem!.Message, Does.Contain("Postgres:ConnectionString"));
    }

    [Test]
    public void Demo_UnknownJobType_IsRejectedNamingTheField()
    {
        using var output = new StringWriter();
        var args = ParsedArguments.Parse(["demo", "--job", "nope", .. WithoutServices]);

        var rejection = Assert.ThrowsAsync<JobRejectedException>(
            () => DemoCommand.RunAsync(args, output, CancellationToken.None));

        Assert.That(rejection!.Field, Is.EqualTo("jobType"));
    }

    /// <summary>
    /// Blanks the service settings a developer's or CI's environment may hold, for the embedded default.
    /// </summary>
    private static readonly string[] WithoutServices = ["--RabbitMq:Url=", "--Postgres:ConnectionString="];
}
