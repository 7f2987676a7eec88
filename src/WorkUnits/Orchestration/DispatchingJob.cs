using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using WorkUnits.JobTypes;

namespace WorkUnits.Orchestration;

/// <summary>A job the dispatcher is splitting: its open split stream and how many of its units are out.</summary>
internal sealed class DispatchingJob : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopped = new();
    private readonly IServiceScope _scope;
    private IAsyncEnumerator<SplitItem>? _split;
    private long _inFlight;
    private int _wakePending;

    public DispatchingJob(
        Guid jobId,
        JobTypeRuntime jobType,
        string parameters,
        string? cursor,
        int maxInFlight,
        long nextIndex,
        long inFlight,
        IServiceScope scope)
    {
        JobId = jobId;
        JobType = jobType;
        Parameters = parameters;
        Cursor = cursor;
        MaxInFlight = maxInFlight;
        NextIndex = nextIndex;
        _inFlight = inFlight;
        _scope = scope;
    }

    public Guid JobId { get; }

    public JobTypeRuntime JobType { get; }

    public string Parameters { get; }

    public string? Cursor { get; }

    /// <summary>
    /// The trace the job was accepted in; dispatch spans join it so that a job's units share one trace.
    /// </summary>
    public ActivityContext TraceContext { get; set; }

    public int MaxInFlight { get; }

    /// <summary>How long each attempt's lease lasts from its dispatch.</summary>
    public TimeSpan UnitTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The index the next produced unit gets.</summary>
    public long NextIndex { get; set; }

    /// <summary>Units dispatched and not yet ended.</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    public CancellationToken Stopped => _stopped.Token;

    /// <summary>The split stream, opened at the stored cursor on first use.</summary>
    public IAsyncEnumerator<SplitItem> Split =>
        _split ??= JobType.SplitAsync(_scope.ServiceProvider, Parameters, Cursor, _stopped.Token)
            .GetAsyncEnumerator(_stopped.Token);

    public void AddInFlight(long count) => Interlocked.Add(ref _inFlight, count);

    /// <summary>Replaces the in-flight count with one read from the store.</summary>
    public void SetInFlight(long count) => Interlocked.Exchange(ref _inFlight, count);

    /// <summary>Returns true when the caller should queue a wake-up; false when one is already queued.</summary>
    public bool TryMarkWakePending() => Interlocked.Exchange(ref _wakePending, 1) == 0;

    public void ClearWakePending() => Volatile.Write(ref _wakePending, 0);

    public void Stop() => _stopped.Cancel();

    public async ValueTask DisposeAsync()
    {
        await _stopped.CancelAsync();
        if (_split is not null)
        {
            try
            {
                await _split.DisposeAsync();
            }
            catch (OperationCanceledException)
            {
                // The splitter saw the cancellation while closing; the stream is closed either way.
            }
        }

        _scope.Dispose();
        _stopped.Dispose();
    }
}
