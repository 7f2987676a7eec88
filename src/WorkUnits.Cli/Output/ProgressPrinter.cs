using System.Globalization;
using WorkUnits.Contracts;

namespace WorkUnits.Cli.Output;

/// <summary>
/// Shows a job's progress while it runs: a bar with the rate, the ETA, the succeeded, failed and in-flight counts,
/// and the most common errors. On a terminal the lines are redrawn in place; when the output is redirected, a
/// plain line is written every few seconds and whenever the errors change.
/// </summary>
internal sealed class ProgressPrinter : IProgress<JobStatus>
{
    private const int BarWidth = 24;
    private const int ShownErrors = 3;
    private static readonly TimeSpan PlainLineInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(10);

    private readonly TextWriter _output;
    private readonly bool _interactive;
    private readonly TimeProvider _timeProvider;
    private readonly Queue<(long Timestamp, long Ended)> _samples = new();
    private IReadOnlyList<JobErrorGroup> _errors = [];
    private string _errorsShown = string.Empty;
    private long _lastPlainLineAt = long.MinValue;
    private int _linesInPlace;

    public ProgressPrinter(TextWriter output, bool interactive, TimeProvider timeProvider)
    {
        _output = output;
        _interactive = interactive;
        _timeProvider = timeProvider;
    }

    public void Report(JobStatus value)
    {
        var now = _timeProvider.GetTimestamp();
        var line = Describe(value, now);
        var final = JobPrinter.IsFinal(value.State);
        var errorLines = _errors.Take(ShownErrors).Select(JobPrinter.DescribeError).ToList();

        if (_interactive)
        {
            Redraw([line, .. errorLines]);
            if (final)
            {
                EndLine();
            }

            return;
        }

        var errorsText = string.Join('\n', errorLines);
        var due = _lastPlainLineAt == long.MinValue
            || _timeProvider.GetElapsedTime(_lastPlainLineAt, now) >= PlainLineInterval;
        if (final || due || errorsText != _errorsShown)
        {
            _output.WriteLine(line);
            if (errorsText != _errorsShown)
            {
                errorLines.ForEach(_output.WriteLine);
                _errorsShown = errorsText;
            }

            _lastPlainLineAt = now;
        }
    }

    /// <summary>Keeps the job's error groups, largest first, to show with the next progress line.</summary>
    public void ReportErrors(IReadOnlyList<JobErrorGroup> errors) => _errors = errors;

    public void EndLine() => _linesInPlace = 0;

    private void Redraw(IReadOnlyList<string> lines)
    {
        var width = Console.IsOutputRedirected ? int.MaxValue : Math.Max(20, Console.WindowWidth - 1);

        // Move to the start of the block drawn last time, then rewrite each line and clear what is left of it.
        if (_linesInPlace > 1)
        {
            _output.Write($"\x1b[{_linesInPlace - 1}A");
        }

        for (var index = 0; index < lines.Count; index++)
        {
            var line = lines[index].Length > width ? lines[index][..width] : lines[index];
            _output.Write("\r" + line + "\x1b[K" + (index < lines.Count - 1 ? "\n" : string.Empty));
        }

        // Error lines do not go away, so the block never shrinks and nothing stale stays below it.
        _linesInPlace = lines.Count;
        _output.Flush();
    }

    private string Describe(JobStatus job, long now)
    {
        var ended = job.Succeeded + job.Failed;
        var total = job.Total ?? Math.Max(job.Dispatched, 1);
        var fraction = total == 0 ? 1.0 : Math.Clamp((double)ended / total, 0, 1);
        var filled = (int)Math.Round(fraction * BarWidth);
        var rate = Rate(ended, now);
        var eta = job.Total is { } known && rate > 0 && !JobPrinter.IsFinal(job.State)
            ? JobPrinter.Duration(TimeSpan.FromSeconds((known - ended) / rate))
            : "-";

        return string.Create(
            CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('.', BarWidth - filled)}] {fraction,4:P0} "
            + $"{ended}/{job.Total?.ToString(CultureInfo.InvariantCulture) ?? "?"}  "
            + $"ok {job.Succeeded}  failed {job.Failed}  in flight {JobPrinter.InFlight(job)}  "
            + $"{rate:F1} units/s  ETA {eta}  {job.State}");
    }

    // Units per second over the last few seconds, so the ETA follows the current pace.
    private double Rate(long ended, long now)
    {
        _samples.Enqueue((now, ended));
        while (_samples.Count > 2 && _timeProvider.GetElapsedTime(_samples.Peek().Timestamp, now) > RateWindow)
        {
            _samples.Dequeue();
        }

        var (since, endedThen) = _samples.Peek();
        var seconds = _timeProvider.GetElapsedTime(since, now).TotalSeconds;
        return seconds > 0 ? Math.Max(0, ended - endedThen) / seconds : 0;
    }
}
