using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using NUnit.Framework;
using WorkUnits.IntegrationTests.Infrastructure;

namespace WorkUnits.IntegrationTests.Deployment;

/// <summary>
/// Runs the container's entrypoint and default arguments, read from the Dockerfile, as a plain process against
/// the test services: the service becomes ready, runs a job submitted by the CLI, and stops cleanly on SIGTERM.
/// </summary>
[TestFixture]
public sealed class EntrypointTests : ServiceFixture
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);
    private static readonly string BuildOutput = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory) + "/";

    [Test]
    public async Task DockerfileEntrypoint_RunOutsideAContainer_ServesHealthRunsAJobAndStopsOnSigterm()
    {
        var (entrypoint, arguments) = ReadDockerfileCommand();
        var port = FreePort();
        using var service = Start(entrypoint, arguments, ServiceEnvironment(port));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        await WaitUntilReadyAsync(http, service);
        var live = await http.GetAsync(new Uri("/health/live", UriKind.Relative));
        var (submitExit, submitOutput) = await RunToEndAsync(
            entrypoint,
            ["submit", "synthetic", "--param", "units=500", "--wait", "--json"]);
        Terminate(service.Process);
        using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        await service.Process.WaitForExitAsync(stopped.Token);

        using var job = JsonDocument.Parse(submitOutput.Trim().Split('\n')[^1]);
        Assert.Multiple(() =>
        {
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(submitExit, Is.Zero, submitOutput);
            Assert.That(job.RootElement.GetProperty("state").GetString(), Is.EqualTo("completed"));
            Assert.That(
                job.RootElement.GetProperty("result").GetProperty("sum").GetInt64(),
                Is.EqualTo(500L * 499 / 2));
            Assert.That(service.Process.ExitCode, Is.Zero, service.Output);
        });
    }

    /// <summary>
    /// The Dockerfile's exec-form ENTRYPOINT and CMD, with /app mapped to this build's output folder.
    /// </summary>
    private static (string[] Entrypoint, string[] Arguments) ReadDockerfileCommand()
    {
        var dockerfile = File.ReadAllText(Path.Combine(RepositoryRoot(), "Dockerfile"));

        string[] Read(string instruction) =>
            JsonSerializer.Deserialize<string[]>(
                Regex.Match(dockerfile, $@"^{instruction}\s+(\[.*\])\s*$", RegexOptions.Multiline).Groups[1].Value)!
            .Select(part => part.Replace("/app/", BuildOutput, StringComparison.Ordinal))
            .ToArray();

        return (Read("ENTRYPOINT"), Read("CMD"));
    }

    private Dictionary<string, string> ServiceEnvironment(int port) => new()
    {
        ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
        ["HostOptions__ShutdownTimeout"] = "00:00:30",
        ["WorkUnits__Worker__ShutdownGracePeriod"] = "00:00:25",
        ["RabbitMq__Url"] = Endpoints.RabbitMqUrl,
        ["Postgres__ConnectionString"] = Endpoints.PostgresConnectionString,
    };

    private static RunningProcess Start(string[] entrypoint, string[] arguments, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(entrypoint[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in entrypoint.Skip(1).Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return new RunningProcess(Process.Start(start)!);
    }

    private async Task<(int ExitCode, string Output)> RunToEndAsync(string[] entrypoint, string[] arguments)
    {
        using var process = Start(entrypoint, arguments, ServiceEnvironment(FreePort()));
        using var timeout = new CancellationTokenSource(Bound);
        await process.Process.WaitForExitAsync(timeout.Token);
        return (process.Process.ExitCode, process.Output);
    }

    private static async Task WaitUntilReadyAsync(HttpClient http, RunningProcess service)
    {
        using var timeout = new CancellationTokenSource(Bound);
        while (true)
        {
            Assert.That(service.Process.HasExited, Is.False, () => "The service exited early:\n" + service.Output);
            try
            {
                var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), timeout.Token);
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), timeout.Token);
        }
    }

    private static void Terminate(Process process)
    {
        using var kill = Process.Start(
            "kill",
            ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        var directory = new DirectoryInfo(Path.GetDirectoryName(sourceFile)!);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "WorkUnits.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName
            ?? throw new InvalidOperationException("WorkUnits.sln not found above the test sources.");
    }

    /// <summary>A child process whose output is collected as it runs.</summary>
    private sealed class RunningProcess : IDisposable
    {
        private readonly System.Text.StringBuilder _output = new();

        public RunningProcess(Process process)
        {
            Process = process;
            process.OutputDataReceived += (_, line) => Append(line.Data);
            process.ErrorDataReceived += (_, line) => Append(line.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }

            Process.Dispose();
        }

        private void Append(string? line)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
