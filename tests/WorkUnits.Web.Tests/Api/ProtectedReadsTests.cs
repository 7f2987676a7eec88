using System.Net;
using System.Net.Http.Headers;
using NUnit.Framework;
using WorkUnits.IntegrationTests.Infrastructure;
using WorkUnits.Web.Tests.Support;

namespace WorkUnits.Web.Tests.Api;

/// <summary>With WorkUnits:Web:RequireTokenForReads, reads need the token too; the probes never do.</summary>
public sealed class ProtectedReadsTests : ServiceFixture
{
    private OrchestratorHost _host = null!;

    [OneTimeSetUp]
    public async Task StartOrchestratorAsync() =>
        _host = Own(await OrchestratorHost.StartAsync(
            Endpoints,
            new Dictionary<string, string?> { ["WorkUnits:Web:RequireTokenForReads"] = "true" }));

    [Test]
    public async Task ListJobs_WithoutTheToken_Returns401()
    {
        using var response = await _host.Http.GetAsync("/api/jobs");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task ListJobs_WithTheToken_Returns200()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/jobs");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", OrchestratorHost.ApiToken);

        using var response = await _host.Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task HealthReady_WithoutTheToken_Returns200()
    {
        using var response = await _host.Http.GetAsync("/health/ready");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public void Start_ProtectedReadsWithoutAToken_RefusesNamingTheSetting()
    {
        var settings = new Dictionary<string, string?>
        {
            ["WorkUnits:Web:RequireTokenForReads"] = "true",
            ["WorkUnits:Web:ApiToken"] = string.Empty,
        };

        var failure = Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => OrchestratorHost.StartAsync(Endpoints, settings));

        Assert.That(failure!.Message, Does.Contain("WorkUnits:Web:ApiToken"));
    }
}
