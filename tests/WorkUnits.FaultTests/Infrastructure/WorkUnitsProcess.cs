using System.Diagnostics;
using System.Text;

namespace WorkUnits.FaultTests.Infrastructure;

/// <summary>
/// One <c>workunits</c> process, run from the build output next to the tests with <c>dotnet workunits.dll</c>.
/// Its output is kept for the failure message of a test.
/// </summary>
internal sealed class WorkUnitsProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private WorkUnitsProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

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

    public static WorkUnitsProcess Start(
        IsolatedServices services,
        string arguments,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "workunits.dll");
        var start = new ProcessStartInfo("dotnet", $"\"{dll}\" {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["RabbitMq__Url"] = services.RabbitMqUrl;
        start.Environment["Postgres__ConnectionString"] = services.PostgresConnectionString;
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = new WorkUnitsProcess(Process.Start(start)!);
        process._process.OutputDataReceived += (_, line) => process.Append(line.Data);
        process._process.ErrorDataReceived += (_, line) => process.Append(line.Data);
        process._process.BeginOutputReadLine();
        process._process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Kills the process at once, as <c>kill -9</c> does: nothing is acknowledged or flushed.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>Asks the process to stop, as an orchestrator's SIGTERM does.</summary>
    public void Terminate() => Signal("TERM");

    /// <summary>Freezes the process (SIGSTOP): it holds its connections but reads and sends nothing.</summary>
    public void Pause() => Signal("STOP");

    /// <summary>Lets a paused process go on (SIGCONT).</summary>
    public void Resume() => Signal("CONT");

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", $"-{signal} {_process.Id}");
        kill.WaitForExit();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
