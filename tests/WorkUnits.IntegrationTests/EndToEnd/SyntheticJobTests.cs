using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Npgsql;
using NUnit.Framework;
using WorkUnits.Contracts;
using WorkUnits.Hosting;
using WorkUnits.IntegrationTests.Infrastructure;

namespace WorkUnits.IntegrationTests.EndToEnd;

[TestFixture]
public sealed class SyntheticJobTests : EndToEndFixture
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(10);

    [Test]
    public async Task SyntheticJob_TenThousandUnits_CompletesWithTheExactSum()
    {
        var host = await StartHostAsync(WorkUnitsRole.All);
        const long Units = 10_000;

        var accepted = await host.Client().SubmitAsync(Synthetic(Units));
        var status = await host.Client().WaitForEndAsync(accepted.JobId, JobTimeout);

        Assert.Multiple(() =>
        {
            Assert.That(status.State, Is.EqualTo("completed"));
            Assert.That(status.Total, Is.EqualTo(Units));
            Assert.That(status.Succeeded, Is.EqualTo(Units));
            Assert.That(status.Failed, Is.Zero);
            Assert.That(Sum(status), Is.EqualTo(Units * (Units - 1) / 2));
            Assert.That(Count(status), Is.EqualTo(Units));
        });
    }

    [Test]
    public async Task Submit_SameJobIdTwice_RunsTheJobOnce()
    {
        var host = await StartHostAsync(WorkUnitsRole.All);
        var jobId = Guid.NewGuid();

        var first = await host.Client().SubmitAsync(Synthetic(500) with { JobId = jobId });
        var second = await host.Client().SubmitAsync(Synthetic(500) with { JobId = jobId });
        var status = await host.Client().WaitForEndAsync(jobId, JobTimeout);
        var jobs = await host.Client().ListAsync(
            new ListJobs(State: null, JobType: "synthetic", Limit: 100, Offset: 0));

        Assert.Multiple(() =>
        {
            Assert.That(first.JobId, Is.EqualTo(jobId));
            Assert.That(second.JobId, Is.EqualTo(jobId));
            Assert.That(jobs.Count(job => job.JobId == jobId), Is.EqualTo(1));
            Assert.That(status.Succeeded, Is.EqualTo(500));
            Assert.That(Sum(status), Is.EqualTo(500L * 499 / 2));
        });
        Assert.That(await CountUnitRowsAsync(jobId), Is.EqualTo(500));
    }

    [Test]
    public async Task Orchestrator_RestartedMidJob_StillCompletesTheJob()
    {
        await StartHostAsync(WorkUnitsRole.Worker);
        var first = await WorkUnitsHosts.StartAsync(Endpoints, WorkUnitsRole.Orchestrator, settings: SmallWindow);
        const long Units = 3_000;

        var accepted = await first.Client().SubmitAsync(Synthetic(Units, unitMs: 2));
        await first.Client().WaitForProgressAsync(accepted.JobId, ended: 300, JobTimeout);
        await first.StopAsync();
        first.Dispose();
        var second = await StartHostAsync(WorkUnitsRole.Orchestrator, settings: SmallWindow);
        var status = await second.Client().WaitForEndAsync(accepted.JobId, JobTimeout);

        Assert.Multiple(() =>
        {
            Assert.That(status.State, Is.EqualTo("completed"));
            Assert.That(status.Succeeded, Is.EqualTo(Units));
            Assert.That(Sum(status), Is.EqualTo(Units * (Units - 1) / 2));
        });
        Assert.That(await CountUnitRowsAsync(accepted.JobId), Is.EqualTo(Units));
    }

    [Test]
    public async Task Submit_UnknownJobType_IsRejectedNamingTheField()
    {
        var host = await StartHostAsync(WorkUnitsRole.All);

        var rejection = Assert.ThrowsAsync<JobRejectedException>(() =>
            host.Client().SubmitAsync(new SubmitJob { JobType = "no-such-type" }));

        Assert.That(rejection!.Field, Is.EqualTo("jobType"));
    }

    [Test]
    public async Task Submit_InvalidParameter_IsRejectedNamingTheParameter()
    {
        var host = await StartHostAsync(WorkUnitsRole.All);
        var parameters = JsonSerializer.SerializeToElement(new { units = -5 });

        var rejection = Assert.ThrowsAsync<JobRejectedException>(() =>
            host.Client().SubmitAsync(new SubmitJob { JobType = "synthetic", Parameters = parameters }));

        Assert.That(rejection!.Field, Is.EqualTo("parameters.units"));
    }

    private static readonly Dictionary<string, string?> SmallWindow = new()
    {
        ["WorkUnits:Orchestrator:DefaultMaxInFlight"] = "200",
        ["WorkUnits:Orchestrator:DispatchBatchSize"] = "50",
    };

    internal static SubmitJob Synthetic(long units, int unitMs = 0) => new()
    {
        JobType = "synthetic",
        Parameters = JsonSerializer.SerializeToElement(new { units, unitMs }),
    };

    internal static long Sum(JobStatus status) => status.Result!.Value.GetProperty("sum").GetInt64();

    internal static long Count(JobStatus status) => status.Result!.Value.GetProperty("count").GetInt64();

    private async Task<long> CountUnitRowsAsync(Guid jobId)
    {
        await using var connection = new NpgsqlConnection(Endpoints.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select count(*) from workunits_units where job_id = @job and state = 'succeeded'",
            connection);
        command.Parameters.AddWithValue("job", jobId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
