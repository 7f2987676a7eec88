namespace WorkUnits.Benchmarks.Measurements;

/// <summary>How many jobs of a peer have completed, and a task that completes when all have.</summary>
public sealed class JobTally
{
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long _expected;
    private long _done;

    public JobTally(long expected) => _expected = expected;

    public long Done => Interlocked.Read(ref _done);

    public Task AllDone => _all.Task;

    public void Increment()
    {
        if (Interlocked.Increment(ref _done) >= _expected)
        {
            _all.TrySetResult();
        }
    }
}
