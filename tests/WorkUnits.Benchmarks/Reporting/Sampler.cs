using System.Diagnostics;

namespace WorkUnits.Benchmarks.Reporting;

/// <summary>Reads a progress counter every 250 ms from a given start, for the throughput-over-time plot.</summary>
internal sealed class Sampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly List<Sample> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public Sampler(Stopwatch clock, Func<Task<long>> readDone)
    {
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(Interval);
            try
            {
                do
                {
                    var done = await readDone();
                    lock (_samples)
                    {
                        _samples.Add(new Sample(clock.Elapsed.TotalSeconds, done));
                    }
                }
                while (await timer.WaitForNextTickAsync(_stop.Token));
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        });
    }

    public async Task<IReadOnlyList<Sample>> StopAsync(Sample last)
    {
        await _stop.CancelAsync();
        await _loop;
        lock (_samples)
        {
            _samples.Add(last);
            return [.. _samples];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
