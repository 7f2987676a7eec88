using System.Reflection;
using NUnit.Framework;
using WorkUnits.IntegrationTests.Infrastructure;
using WorkUnits.Web.Tests.Support;

namespace WorkUnits.Web.Tests.Dashboard;

/// <summary>
/// The dashboard in headless Chromium against a real orchestrator: progress moves, errors group, cancel cancels.
/// The browser is driven by <c>Dashboard/browser/dashboard.mjs</c> with playwright-core; its screenshots are
/// attached to the test result.
/// </summary>
public sealed class DashboardBrowserTests : ServiceFixture
{
    private const string Chromium = "/usr/bin/chromium";

    private static readonly TimeSpan NpmTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan BrowserTimeout = TimeSpan.FromMinutes(3);

    private OrchestratorHost _host = null!;

    [OneTimeSetUp]
    public async Task StartOrchestratorAsync() => _host = Own(await OrchestratorHost.StartAsync(Endpoints));

    [Test]
    public async Task Dashboard_RunningAndFailingJobs_ShowsProgressErrorsAndCancels()
    {
        var browserDirectory = FindBrowserDirectory();
        await EnsurePackagesAsync(browserDirectory);
        var screenshots = Directory.CreateTempSubdirectory("workunits-dashboard-").FullName;
        var failing = await _host.SubmitAsync(
            OrchestratorHost.FlakyJobType,
            new FlakyParameters(Units: 20, FailEvery: 4, UnitMs: 0),
            maxFailedUnits: 100);
        var running = await _host.SubmitAsync("synthetic", new { units = 5000, unitMs = 25 });

        var (exitCode, output) = await ProcessRun.RunAsync(
            "node",
            ["dashboard.mjs"],
            browserDirectory,
            new Dictionary<string, string>
            {
                ["BASE_URL"] = _host.BaseAddress.ToString().TrimEnd('/'),
                ["API_TOKEN"] = OrchestratorHost.ApiToken,
                ["RUNNING_JOB"] = running.ToString(),
                ["FAILING_JOB"] = failing.ToString(),
                ["SCREENSHOT_DIR"] = screenshots,
                ["CHROMIUM_PATH"] = Chromium,
            },
            BrowserTimeout);
        foreach (var screenshot in Directory.GetFiles(screenshots, "*.png"))
        {
            TestContext.AddTestAttachment(screenshot, Path.GetFileNameWithoutExtension(screenshot));
        }

        Assert.That(exitCode, Is.Zero, $"The browser checks failed:\n{output}");
        TestContext.Out.WriteLine(output);
    }

    private static string FindBrowserDirectory()
    {
        var directory = typeof(DashboardBrowserTests).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "BrowserTestsDirectory")
            .Value!;

        return Directory.Exists(directory)
            ? directory
            : throw new InvalidOperationException($"The browser tests are not at {directory}; rebuild the tests.");
    }

    private static async Task EnsurePackagesAsync(string browserDirectory)
    {
        if (!File.Exists(Chromium))
        {
            Assert.Fail($"Chromium is not installed at {Chromium}: apt-get install -y chromium (.ci/run does it).");
        }

        if (Directory.Exists(Path.Combine(browserDirectory, "node_modules", "playwright-core")))
        {
            return;
        }

        var (exitCode, output) = await ProcessRun.RunAsync(
            "npm",
            ["ci", "--no-audit", "--no-fund"],
            browserDirectory,
            new Dictionary<string, string>(),
            NpmTimeout);
        Assert.That(exitCode, Is.Zero, $"npm ci failed in {browserDirectory}:\n{output}");
    }
}
