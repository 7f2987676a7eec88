using WorkUnits.JobTypes;

namespace WorkUnits.Storage;

/// <summary>
/// Durable job and unit state. Every write is idempotent, so a redelivered message or a restarted
/// orchestrator can repeat it safely.
/// </summary>
internal interface IWorkUnitStore
{
    /// <summary>Creates the schema if it is missing.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Stores a new job; returns false and changes nothing when the id already exists.</summary>
    Task<bool> CreateJobAsync(NewJob job, CancellationToken cancellationToken);

    Task<JobRecord?> GetJobAsync(Guid jobId, CancellationToken cancellationToken);

    Task<IReadOnlyList<JobRecord>> ListJobsAsync(JobListQuery query, CancellationToken cancellationToken);

    /// <summary>Jobs that have not reached a final state, oldest first.</summary>
    Task<IReadOnlyList<JobRecord>> ListUnfinishedJobsAsync(CancellationToken cancellationToken);

    Task SetJobStateAsync(
        Guid jobId,
        JobState state,
        string? result,
        string? reason,
        CancellationToken cancellationToken);

    /// <summary>
    /// Stores the next units of a job with the splitter's cursor after them, in one transaction, so that a
    /// restarted split resumes exactly after the last stored unit. Units already stored are left as they are.
    /// New units are pending at attempt one, with a lease of the job's unit timeout from now.
    /// </summary>
    Task<JobProgress> AppendUnitsAsync(
        Guid jobId,
        long firstIndex,
        IReadOnlyList<string> payloads,
        string? cursor,
        bool splitCompleted,
        CancellationToken cancellationToken);

    /// <summary>Dispatched units without an outcome, by index, after <paramref name="afterIndex"/>.</summary>
    Task<IReadOnlyList<PendingUnit>> ListPendingUnitsAsync(
        Guid jobId,
        long afterIndex,
        int limit,
        CancellationToken cancellationToken);

    /// <summary>
    /// Records outcomes in one transaction. Only an outcome of the unit's current attempt while that attempt is
    /// pending applies, so each unit counts once however often it is reported, and a late result of an older
    /// attempt is ignored (fencing). A failure with <see cref="UnitOutcome.RetryAt"/> set and attempts left
    /// makes the unit wait for its next attempt instead of ending it.
    /// </summary>
    /// <returns>The counts of every job the batch touched.</returns>
    Task<IReadOnlyList<JobProgress>> RecordOutcomesAsync(
        IReadOnlyList<UnitOutcome> outcomes,
        CancellationToken cancellationToken);

    /// <summary>
    /// Of the given units of one job, the indexes of those whose current attempt is over: ended, waiting for a
    /// retry, or belonging to a job that was cancelled or failed.
    /// </summary>
    Task<IReadOnlySet<long>> FindEndedUnitsAsync(
        Guid jobId,
        IReadOnlyCollection<long> unitIndexes,
        CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="limit"/> units of unfinished jobs whose retry is due at
    /// <paramref name="now"/>: each moves to its next attempt and is pending again with a new lease of the job's
    /// unit timeout, in one transaction, so that two sweepers never claim the same attempt.
    /// </summary>
    Task<IReadOnlyList<DueUnit>> ClaimDueUnitsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> pending attempts of unfinished jobs whose lease ended at or before
    /// <paramref name="expiredBy"/>, oldest lease first.
    /// </summary>
    Task<IReadOnlyList<ExpiredLease>> ListExpiredLeasesAsync(
        DateTimeOffset expiredBy,
        int limit,
        CancellationToken cancellationToken);

    /// <summary>
    /// Stores a unit's checkpoint, only while <paramref name="attempt"/> is the unit's current, pending attempt;
    /// the sweeper hands it to the unit's next attempt.
    /// </summary>
    /// <returns>False when the attempt is no longer current and nothing was stored.</returns>
    Task<bool> SaveCheckpointAsync(
        Guid jobId,
        long unitIndex,
        int attempt,
        string checkpoint,
        CancellationToken cancellationToken);

    /// <summary>
    /// The checkpoint a unit holds while <paramref name="attempt"/> is its current, pending attempt: the latest one
    /// that attempt, or an earlier one, saved. A worker asks for it only when a unit's message came back after a
    /// worker stopped, since that message carries the checkpoint of its dispatch.
    /// </summary>
    /// <returns>
    /// Null when the unit has no checkpoint, the attempt is no longer current, or the unit is unknown.
    /// </returns>
    Task<string?> ReadCheckpointAsync(Guid jobId, long unitIndex, int attempt, CancellationToken cancellationToken);

    /// <summary>
    /// Makes every failed unit of a job wait for one more attempt, due at <paramref name="now"/>, and takes them off
    /// the job's failed count; the sweeper dispatches them once the job is running again.
    /// </summary>
    /// <returns>How many units will run again.</returns>
    Task<long> ResetFailedUnitsAsync(Guid jobId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// The jobs still submitted, splitting or running whose split has completed and whose every unit has ended, oldest
    /// first: their saga should already have moved them on to finalizing, unless the roll-up that said so was lost.
    /// </summary>
    Task<IReadOnlyList<JobRecord>> ListJobsWithAllUnitsEndedAsync(CancellationToken cancellationToken);

    /// <summary>The jobs still splitting or running whose deadline is at or before <paramref name="now"/>.</summary>
    Task<IReadOnlyList<JobRecord>> ListJobsPastDeadlineAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The results of a job's succeeded units in unit order, streamed.</summary>
    IAsyncEnumerable<StoredUnitResult> ReadResultsAsync(Guid jobId, CancellationToken cancellationToken);

    /// <summary>A job's failed units grouped by error fingerprint, the largest group first.</summary>
    /// <returns>At most <paramref name="limit"/> groups; none for a job without failures or an unknown job.</returns>
    Task<IReadOnlyList<ErrorGroup>> ListErrorGroupsAsync(Guid jobId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// How many of a job's units ended in each slice of <paramref name="width"/>, counted from
    /// <paramref name="origin"/>, oldest first. Slices where nothing ended are left out.
    /// </summary>
    Task<IReadOnlyList<ThroughputBucket>> CountEndedUnitsAsync(
        Guid jobId,
        DateTimeOffset origin,
        TimeSpan width,
        CancellationToken cancellationToken);

    /// <summary>Throws when the store cannot be reached; a cheap round trip for readiness checks.</summary>
    Task PingAsync(CancellationToken cancellationToken);
}
