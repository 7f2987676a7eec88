using System.Globalization;
using WorkUnits.Contracts;

namespace WorkUnits.Cli.Output;

/// <summary>
/// Shows a job's progress while waiting for it: one line rewritten in place on a terminal, or a plain line
/// every few seconds when the output is redirected.
/// </summary>
internal sealed class ProgressPrinter : IProgress<JobStatus>
{
    private const int BarWidth = 30;
    private static readonly TimeSpan PlainLineInterval = TimeSpan.FromSeconds(5);

    private readonly TextWriter _output;
    private readonly bool _interactive;
    private readonly TimeProvider _timeProvider;
    private readonly long _startedAt;
    private long _lastPlainLineAt = long.MinValue;
    private bool _wroteInPlace;

    public ProgressPrinter(TextWriter output, bool interactive, TimeProvider timeProvider)
    {
        _output = output;
        _interactive = interactive;
        _timeProvider = timeProvider;
        _startedAt = timeProvider.GetTimestamp();
    }

    public void Report(JobStatus value)
    {
        var line = Describe(value);
        var final = value.State is "completed" or "failed" or "cancelled";

        if (_interactive)
        {
            _output.Write("\r" + line.PadRight(Console.IsOutputRedirected ? 0 : Math.Max(0, Console.WindowWidth - 1)));
            _wroteInPlace = true;
            if (final)
            {
                _output.WriteLine();
            }

            return;
        }

        var now = _timeProvider.GetTimestamp();
        if (final || _lastPlainLineAt == long.MinValue || _timeProvider.GetElapsedTime(_lastPlainLineAt, now) >= PlainLineInterval)
        {
            _output.WriteLine(line);
            _lastPlainLineAt = now;
        }
    }

    public void EndLine()
    {
        if (_wroteInPlace)
        {
            _output.WriteLine();
            _wroteInPlace = false;
        }
    }

    private string Describe(JobStatus job)
    {
        var ended = job.Succeeded + job.Failed;
        var total = job.Total ?? Math.Max(job.Dispatched, 1);
        var fraction = total == 0 ? 1.0 : Math.Clamp((double)ended / total, 0, 1);
        var filled = (int)Math.Round(fraction * BarWidth);
        var elapsed = _timeProvider.GetElapsedTime(_startedAt).TotalSeconds;
        var rate = elapsed > 0 ? ended / elapsed : 0;
        var totalText = job.Total?.ToString(CultureInfo.InvariantCulture) ?? "?";

        return string.Create(
            CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('.', BarWidth - filled)}] {fraction,4:P0} {ended}/{totalText} "
            + $"ok {job.Succeeded} failed {job.Failed} {rate:F0} units/s {job.State}");
    }
}
