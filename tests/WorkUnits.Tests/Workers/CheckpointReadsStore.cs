using System.Collections.Concurrent;
using WorkUnits.JobTypes;
using WorkUnits.Storage;

namespace WorkUnits.Tests.Workers;

/// <summary>
/// An in-memory store that records every <see cref="IWorkUnitStore.ReadCheckpointAsync"/> and can make those reads
/// fail as in a database outage; everything else goes straight to the store inside.
/// </summary>
internal sealed class CheckpointReadsStore(IWorkUnitStore inner) : IWorkUnitStore
{
    private readonly ConcurrentQueue<(Guid JobId, long UnitIndex, int Attempt)> _reads = new();

    /// <summary>The checkpoint reads so far, in order.</summary>
    public IReadOnlyList<(Guid JobId, long UnitIndex, int Attempt)> Reads => [.. _reads];

    /// <summary>When true, every checkpoint read throws after it was recorded.</summary>
    public bool FailReads { get; set; }

    public Task<string?> ReadCheckpointAsync(
        Guid jobId,
        long unitIndex,
        int attempt,
        CancellationToken cancellationToken)
    {
        _reads.Enqueue((jobId, unitIndex, attempt));
        return FailReads
            ? Task.FromException<string?>(new TimeoutException("The database did not answer."))
            : inner.ReadCheckpointAsync(jobId, unitIndex, attempt, cancellationToken);
    }

    public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

    public Task<bool> CreateJobAsync(NewJob job, CancellationToken cancellationToken) =>
        inner.CreateJobAsync(job, cancellationToken);

    public Task<JobRecord?> GetJobAsync(Guid jobId, CancellationToken cancellationToken) =>
        inner.GetJobAsync(jobId, cancellationToken);

    public Task<IReadOnlyList<JobRecord>> ListJobsAsync(JobListQuery query, CancellationToken cancellationToken) =>
        inner.ListJobsAsync(query, cancellationToken);

    public Task<IReadOnlyList<JobRecord>> ListUnfinishedJobsAsync(CancellationToken cancellationToken) =>
        inner.ListUnfinishedJobsAsync(cancellationToken);

    public Task SetJobStateAsync(
        Guid jobId,
        JobState state,
        string? result,
        string? reason,
        CancellationToken cancellationToken) =>
        inner.SetJobStateAsync(jobId, state, result, reason, cancellationToken);

    public Task<JobProgress> AppendUnitsAsync(
        Guid jobId,
        long firstIndex,
        IReadOnlyList<string> payloads,
        string? cursor,
        bool splitCompleted,
        CancellationToken cancellationToken) =>
        inner.AppendUnitsAsync(jobId, firstIndex, payloads, cursor, splitCompleted, cancellationToken);

    public Task<IReadOnlyList<PendingUnit>> ListPendingUnitsAsync(
        Guid jobId,
        long afterIndex,
        int limit,
        CancellationToken cancellationToken) =>
        inner.ListPendingUnitsAsync(jobId, afterIndex, limit, cancellationToken);

    public Task<IReadOnlyList<JobProgress>> RecordOutcomesAsync(
        IReadOnlyList<UnitOutcome> outcomes,
        CancellationToken cancellationToken) =>
        inner.RecordOutcomesAsync(outcomes, cancellationToken);

    public Task<IReadOnlySet<long>> FindEndedUnitsAsync(
        Guid jobId,
        IReadOnlyCollection<long> unitIndexes,
        CancellationToken cancellationToken) =>
        inner.FindEndedUnitsAsync(jobId, unitIndexes, cancellationToken);

    public Task<IReadOnlyList<DueUnit>> ClaimDueUnitsAsync(
        DateTimeOffset now,
        int limit,
        CancellationToken cancellationToken) =>
        inner.ClaimDueUnitsAsync(now, limit, cancellationToken);

    public Task<IReadOnlyList<ExpiredLease>> ListExpiredLeasesAsync(
        DateTimeOffset expiredBy,
        int limit,
        CancellationToken cancellationToken) =>
        inner.ListExpiredLeasesAsync(expiredBy, limit, cancellationToken);

    public Task<bool> SaveCheckpointAsync(
        Guid jobId,
        long unitIndex,
        int attempt,
        string checkpoint,
        CancellationToken cancellationToken) =>
        inner.SaveCheckpointAsync(jobId, unitIndex, attempt, checkpoint, cancellationToken);

    public Task<long> ResetFailedUnitsAsync(Guid jobId, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.ResetFailedUnitsAsync(jobId, now, cancellationToken);

    public Task<IReadOnlyList<JobRecord>> ListJobsWithAllUnitsEndedAsync(CancellationToken cancellationToken) =>
        inner.ListJobsWithAllUnitsEndedAsync(cancellationToken);

    public Task<IReadOnlyList<JobRecord>> ListJobsPastDeadlineAsync(
        DateTimeOffset now,
        CancellationToken cancellationToken) =>
        inner.ListJobsPastDeadlineAsync(now, cancellationToken);

    public IAsyncEnumerable<StoredUnitResult> ReadResultsAsync(Guid jobId, CancellationToken cancellationToken) =>
        inner.ReadResultsAsync(jobId, cancellationToken);

    public Task<IReadOnlyList<ErrorGroup>> ListErrorGroupsAsync(
        Guid jobId,
        int limit,
        CancellationToken cancellationToken) =>
        inner.ListErrorGroupsAsync(jobId, limit, cancellationToken);

    public Task<IReadOnlyList<ThroughputBucket>> CountEndedUnitsAsync(
        Guid jobId,
        DateTimeOffset origin,
        TimeSpan width,
        CancellationToken cancellationToken) =>
        inner.CountEndedUnitsAsync(jobId, origin, width, cancellationToken);

    public Task PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);
}
