using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using NUnit.Framework;
using WorkUnits.IntegrationTests.Infrastructure;
using WorkUnits.Web.Tests.Support;

namespace WorkUnits.Web.Tests.Health;

/// <summary>The probes every role serves, the contract the Dockerfile, compose file and Kubernetes rely on.</summary>
public sealed class HealthEndpointTests : ServiceFixture
{
    private static readonly TimeSpan CleanUpBound = TimeSpan.FromSeconds(20);

    private OrchestratorHost _host = null!;

    [OneTimeSetUp]
    public async Task StartOrchestratorAsync() => _host = Own(await OrchestratorHost.StartAsync(Endpoints));

    [TestCase("/health/live")]
    [TestCase("/health/ready")]
    public async Task Probe_BrokerAndDatabaseUp_Returns200Healthy(string path)
    {
        using var response = await _host.Http.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Healthy"));
    }

    [Test]
    public void Ready_ChecksTheBusAndTheStore()
    {
        var options = _host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value;

        var ready = options.Registrations.Where(check => check.Tags.Contains("ready")).Select(check => check.Name);

        Assert.That(ready, Has.Some.Contains("masstransit"));
        Assert.That(ready, Has.Member("workunits-store"));
    }

    [Test]
    public async Task Probes_BrokerUnreachable_LiveStays200AndReadyIs503()
    {
        var broker = new ServiceEndpoints(
            $"amqp://nobody:nothing@127.0.0.1:{FreePort()}/nowhere",
            Endpoints.PostgresConnectionString);
        var url = $"http://127.0.0.1:{FreePort()}";
        var app = OrchestratorHost.Build(broker, null, url);
        using var stopStarting = new CancellationTokenSource();
        var starting = app.StartAsync(stopStarting.Token);
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };

        var live = await GetWhenListeningAsync(http, "/health/live");
        using var ready = await http.GetAsync("/health/ready");
        await stopStarting.CancelAsync();
        await EndWithinAsync(EndStartingAsync(starting));
        using var stopping = new CancellationTokenSource(CleanUpBound);
        await EndWithinAsync(app.StopAsync(stopping.Token));
        await EndWithinAsync(app.DisposeAsync().AsTask());

        Assert.That(live, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
    }

    [Test]
    public async Task WorkerRole_ServesHealthButNotTheApiOrDashboard()
    {
        await using var worker = await OrchestratorHost.StartAsync(
            Endpoints,
            new Dictionary<string, string?> { ["WorkUnits:Role"] = "Worker" });

        using var ready = await worker.Http.GetAsync("/health/ready");
        using var api = await worker.Http.GetAsync("/api/jobs");
        using var dashboard = await worker.Http.GetAsync("/");

        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(api.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(dashboard.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<HttpStatusCode> GetWhenListeningAsync(HttpClient http, string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(path);
                return response.StatusCode;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>
    /// Waits for a host that never reached its broker to wind down, but not forever: after an earlier fixture's
    /// bus in the same test process, a bus that never connected has been seen to hang while stopping, and what
    /// this test asserts was read before clean-up began.
    /// </summary>
    private static async Task EndWithinAsync(Task cleanUp)
    {
        try
        {
            await cleanUp.WaitAsync(CleanUpBound);
        }
        catch (TimeoutException)
        {
            TestContext.Out.WriteLine(
                $"A host without a broker did not stop within {CleanUpBound}; left to the process exit.");
        }
    }

    private static async Task EndStartingAsync(Task starting)
    {
        try
        {
            await starting;
        }
        catch (Exception exception) when (exception is OperationCanceledException or MassTransit.MassTransitException)
        {
            // Starting was stopped on purpose: the bus gives up with the broker's error or with the cancellation.
        }
    }
}
