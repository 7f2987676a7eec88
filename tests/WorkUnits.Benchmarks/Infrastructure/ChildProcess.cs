using System.Diagnostics;
using System.Globalization;

namespace WorkUnits.Benchmarks.Infrastructure;

/// <summary>A <c>workunits</c> process the benchmark started; its output goes to a log file.</summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private long _peakBytes;
    private bool _closed;

    private ChildProcess(Process process, StreamWriter log)
    {
        _process = process;
        _log = log;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public static ChildProcess Start(
        string dll,
        string arguments,
        IReadOnlyDictionary<string, string> environment,
        string logPath)
    {
        var start = new ProcessStartInfo("dotnet", $"\"{dll}\" {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start dotnet {dll}.");
        var child = new ChildProcess(process, log);
        process.OutputDataReceived += (_, line) => child.Write(line.Data);
        process.ErrorDataReceived += (_, line) => child.Write(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs a short command to its end and returns its exit code.</summary>
    public static async Task<int> RunAsync(
        string dll,
        string arguments,
        IReadOnlyDictionary<string, string> environment,
        string logPath,
        TimeSpan timeout)
    {
        await using var child = Start(dll, arguments, environment, logPath);
        using var cancellation = new CancellationTokenSource(timeout);
        await child._process.WaitForExitAsync(cancellation.Token);
        return child._process.ExitCode;
    }

    /// <summary>The process's peak resident memory (VmHWM) in bytes, remembered after it exits.</summary>
    public long PeakMemoryBytes()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kilobytes = long.Parse(
                        line["VmHWM:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(),
                        CultureInfo.InvariantCulture);
                    _peakBytes = Math.Max(_peakBytes, kilobytes * 1024);
                }
            }
        }
        catch (IOException)
        {
            // The process has exited; the last reading stands.
        }

        return _peakBytes;
    }

    /// <summary>Sends a POSIX signal (TERM, STOP, CONT) to the process.</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", $"-{signal} {_process.Id}");
        kill.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            PeakMemoryBytes();
            Signal("TERM");
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
        lock (_log)
        {
            _closed = true;
            _log.Dispose();
        }
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            if (!_closed)
            {
                _log.WriteLine(line);
            }
        }
    }
}
