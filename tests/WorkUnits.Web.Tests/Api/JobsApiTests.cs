using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using NUnit.Framework;
using WorkUnits.IntegrationTests.Infrastructure;
using WorkUnits.Web.Tests.Support;

namespace WorkUnits.Web.Tests.Api;

/// <summary>
/// The job API of a real orchestrator on RabbitMQ and PostgreSQL, called over HTTP as any client would.
/// </summary>
public sealed class JobsApiTests : ServiceFixture
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(60);

    private OrchestratorHost _host = null!;

    [OneTimeSetUp]
    public async Task StartOrchestratorAsync() => _host = Own(await OrchestratorHost.StartAsync(Endpoints));

    [Test]
    public async Task ListJobs_BadFilters_Return400NamingEachParameter()
    {
        using var response = await _host.Http.GetAsync("/api/jobs?state=sleeping&limit=0&offset=-1");
        var problem = await ReadJsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(
            problem.GetProperty("errors").EnumerateObject().Select(error => error.Name),
            Is.EquivalentTo(new[] { "state", "limit", "offset" }));
        Assert.That(problem.GetProperty("errors").GetProperty("state")[0].GetString(), Does.Contain("sleeping"));
    }

    [Test]
    public async Task GetJob_UnknownId_Returns404WithAMessage()
    {
        var jobId = Guid.NewGuid();

        using var response = await _host.Http.GetAsync($"/api/jobs/{jobId}");
        var problem = await ReadJsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(problem.GetProperty("detail").GetString(), Is.EqualTo($"No job has the id {jobId}."));
    }

    [TestCase("/api/jobs/not-a-guid")]
    [TestCase("/api/jobs/not-a-guid/errors")]
    [TestCase("/api/jobs/not-a-guid/throughput")]
    public async Task JobRoutes_JobIdNotAGuid_Return400NamingJobId(string path)
    {
        using var response = await _host.Http.GetAsync(path);
        var problem = await ReadJsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem.GetProperty("errors").TryGetProperty("jobId", out _), Is.True);
    }

    [Test]
    public async Task GetJob_CompletedJob_ShowsCountsPercentAndNothingInFlight()
    {
        var jobId = await _host.SubmitAsync("synthetic", new { units = 20 });
        await _host.WaitUntilAsync(jobId, status => status.State == "completed", JobTimeout);

        var job = await _host.Http.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId}");

        Assert.That(job.GetProperty("state").GetString(), Is.EqualTo("completed"));
        Assert.That(job.GetProperty("total").GetInt64(), Is.EqualTo(20));
        Assert.That(job.GetProperty("succeeded").GetInt64(), Is.EqualTo(20));
        Assert.That(job.GetProperty("inFlight").GetInt64(), Is.Zero);
        Assert.That(job.GetProperty("percent").GetDouble(), Is.EqualTo(100));
        Assert.That(job.GetProperty("etaSeconds").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task ListJobs_TypeFilterAndPaging_ReturnsNewestFirstWithTheNextOffset()
    {
        var older = await _host.SubmitAsync(OrchestratorHost.FlakyJobType, new FlakyParameters(1, 0, 0));
        var newer = await _host.SubmitAsync(OrchestratorHost.FlakyJobType, new FlakyParameters(1, 0, 0));

        var first = await _host.Http.GetFromJsonAsync<JsonElement>("/api/jobs?type=flaky&limit=1");
        var second = await _host.Http.GetFromJsonAsync<JsonElement>(
            $"/api/jobs?type=flaky&limit=1&offset={first.GetProperty("nextOffset").GetInt32()}");

        var ids = new[] { first, second }.Select(page => page.GetProperty("jobs")[0].GetProperty("jobId").GetGuid());
        Assert.That(ids, Is.EqualTo(new[] { newer, older }));
        Assert.That(first.GetProperty("nextOffset").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public async Task GetErrors_FailingUnits_AreGroupedByFingerprintWithASampleMessage()
    {
        var jobId = await _host.SubmitAsync(
            OrchestratorHost.FlakyJobType,
            new FlakyParameters(Units: 10, FailEvery: 3, UnitMs: 0),
            maxFailedUnits: 100);
        await _host.WaitUntilAsync(jobId, status => status.State == "completed", JobTimeout);

        var errors = await _host.Http.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId}/errors");

        var groups = errors.GetProperty("groups");
        Assert.That(groups.GetArrayLength(), Is.EqualTo(1));
        Assert.That(groups[0].GetProperty("count").GetInt64(), Is.EqualTo(4));
        Assert.That(groups[0].GetProperty("errorType").GetString(), Does.Contain(nameof(InvalidDataException)));
        Assert.That(groups[0].GetProperty("sampleMessage").GetString(), Does.StartWith(FlakyHandler.FailureMessage));
    }

    [Test]
    public async Task GetThroughput_EndedJob_BucketsAddUpToTheEndedUnits()
    {
        var jobId = await _host.SubmitAsync(
            OrchestratorHost.FlakyJobType,
            new FlakyParameters(Units: 30, FailEvery: 10, UnitMs: 0),
            maxFailedUnits: 100);
        await _host.WaitUntilAsync(jobId, status => status.State == "completed", JobTimeout);

        var throughput = await _host.Http.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId}/throughput?buckets=10");

        var buckets = throughput.GetProperty("buckets").EnumerateArray().ToList();
        Assert.That(buckets, Has.Count.InRange(1, 10));
        Assert.That(buckets.Sum(bucket => bucket.GetProperty("succeeded").GetInt64()), Is.EqualTo(27));
        Assert.That(buckets.Sum(bucket => bucket.GetProperty("failed").GetInt64()), Is.EqualTo(3));
    }

    [Test]
    public async Task Cancel_WithoutOrWithAWrongToken_Returns401AndLeavesTheJob()
    {
        var jobId = await _host.SubmitAsync("synthetic", new { units = 2000, unitMs = 20 });

        using var missing = await _host.Http.PostAsync($"/api/jobs/{jobId}/cancel", content: null);
        using var wrong = await SendAsync(HttpMethod.Post, $"/api/jobs/{jobId}/cancel", "not-the-token");
        var status = await _host.Client.GetStatusAsync(jobId);
        await _host.Client.CancelAsync(jobId, "clean up");

        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(status!.State, Is.Not.EqualTo("cancelled"));
    }

    [Test]
    public async Task Cancel_WithTheToken_CancelsARunningJob()
    {
        var jobId = await _host.SubmitAsync("synthetic", new { units = 2000, unitMs = 20 });
        await _host.WaitUntilAsync(jobId, status => status.Succeeded > 0, JobTimeout);

        using var response = await SendAsync(HttpMethod.Post, $"/api/jobs/{jobId}/cancel", OrchestratorHost.ApiToken);
        var final = await _host.WaitUntilAsync(jobId, status => status.State == "cancelled", JobTimeout);

        var job = await _host.Http.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(final.Succeeded, Is.LessThan(2000));
        Assert.That(job.GetProperty("inFlight").GetInt64(), Is.Zero);
    }

    [Test]
    public async Task Cancel_EndedJob_Returns409NamingItsState()
    {
        var jobId = await _host.SubmitAsync("synthetic", new { units = 1 });
        await _host.WaitUntilAsync(jobId, status => status.State == "completed", JobTimeout);

        using var response = await SendAsync(HttpMethod.Post, $"/api/jobs/{jobId}/cancel", OrchestratorHost.ApiToken);
        var problem = await ReadJsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("completed"));
    }

    [Test]
    public async Task RetryFailed_CompletedJobWithFailures_Returns202AndRunsThemAgain()
    {
        var jobId = await _host.SubmitAsync(
            OrchestratorHost.FlakyJobType,
            new FlakyParameters(Units: 10, FailEvery: 5, UnitMs: 0),
            maxFailedUnits: 100);
        await _host.WaitUntilAsync(jobId, status => status.State == "completed", JobTimeout);

        using var response = await SendAsync(
            HttpMethod.Post,
            $"/api/jobs/{jobId}/retry-failed",
            OrchestratorHost.ApiToken);
        var accepted = await ReadJsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(accepted.GetProperty("message").GetString(), Is.EqualTo("Running 2 failed units again."));
    }

    [Test]
    public async Task RetryFailed_JobWithoutFailures_Returns409WithTheOrchestratorsReason()
    {
        var jobId = await _host.SubmitAsync("synthetic", new { units = 1 });
        await _host.WaitUntilAsync(jobId, status => status.State == "completed", JobTimeout);

        using var response = await SendAsync(
            HttpMethod.Post,
            $"/api/jobs/{jobId}/retry-failed",
            OrchestratorHost.ApiToken);
        var problem = await ReadJsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("no failed units"));
    }

    [Test]
    public async Task RetryFailed_WithoutTheToken_Returns401()
    {
        using var response = await _host.Http.PostAsync($"/api/jobs/{Guid.NewGuid()}/retry-failed", content: null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Cancel_UnknownJob_Returns404()
    {
        using var response = await SendAsync(
            HttpMethod.Post,
            $"/api/jobs/{Guid.NewGuid()}/cancel",
            OrchestratorHost.ApiToken);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task OpenApiDocument_IsServed_AndDescribesEveryJobRoute()
    {
        var document = await _host.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(path => path.Name);
        Assert.That(paths, Is.SupersetOf(new[]
        {
            "/api/jobs",
            "/api/jobs/{jobId}",
            "/api/jobs/{jobId}/errors",
            "/api/jobs/{jobId}/throughput",
            "/api/jobs/{jobId}/cancel",
            "/api/jobs/{jobId}/retry-failed",
        }));
    }

    [TestCase("/")]
    [TestCase("/dashboard/app.js")]
    [TestCase("/dashboard/app.css")]
    public async Task Dashboard_Assets_AreServedFromTheApp(string path)
    {
        using var response = await _host.Http.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.Not.Empty);
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _host.Http.SendAsync(request);
    }
}
