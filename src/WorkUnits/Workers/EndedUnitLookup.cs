using System.Runtime.CompilerServices;
using WorkUnits.Storage;

namespace WorkUnits.Workers;

/// <summary>
/// Asks the store whether units have already ended, for many concurrent unit messages at once: requests that
/// arrive while a query is running wait and go into the next one, so a worker running 32 units makes one query
/// per round trip instead of one per unit, and an idle worker still asks at once.
/// </summary>
internal sealed class EndedUnitLookup
{
    // One lookup per store instance, so the consumer needs no extra registration and every consumer of a worker
    // shares the same batches.
    private static readonly ConditionalWeakTable<IWorkUnitStore, EndedUnitLookup> Lookups = new();

    private readonly IWorkUnitStore _store;
    private readonly Lock _gate = new();
    private List<Request> _waiting = [];
    private bool _querying;

    private EndedUnitLookup(IWorkUnitStore store) => _store = store;

    public static EndedUnitLookup For(IWorkUnitStore store) => Lookups.GetValue(store, key => new EndedUnitLookup(key));

    /// <summary>Whether the unit already has an outcome; fails when the store could not be asked.</summary>
    public Task<bool> HasEndedAsync(Guid jobId, long unitIndex, CancellationToken cancellationToken)
    {
        var request = new Request(jobId, unitIndex);
        bool lead;
        lock (_gate)
        {
            _waiting.Add(request);
            lead = !_querying;
            _querying = true;
        }

        if (lead)
        {
            _ = QueryWhileWaitingAsync();
        }

        return request.Ended.Task.WaitAsync(cancellationToken);
    }

    private async Task QueryWhileWaitingAsync()
    {
        while (true)
        {
            List<Request> batch;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _querying = false;
                    return;
                }

                batch = _waiting;
                _waiting = [];
            }

            foreach (var job in batch.GroupBy(request => request.JobId))
            {
                await QueryAsync(job.Key, [.. job]);
            }
        }
    }

    private async Task QueryAsync(Guid jobId, List<Request> requests)
    {
        try
        {
            // Not cancelled by any one waiter: the others still need the answer, and each waiter can stop waiting.
            var indexes = requests.Select(request => request.UnitIndex).Distinct().ToList();
            var ended = await _store.FindEndedUnitsAsync(jobId, indexes, CancellationToken.None);
            requests.ForEach(request => request.Ended.TrySetResult(ended.Contains(request.UnitIndex)));
        }
        catch (Exception exception)
        {
            requests.ForEach(request => request.Ended.TrySetException(exception));
        }
    }

    private sealed record Request(Guid JobId, long UnitIndex)
    {
        public TaskCompletionSource<bool> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
