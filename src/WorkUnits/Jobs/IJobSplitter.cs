namespace WorkUnits.Jobs;

/// <summary>
/// Turns a job's parameters into a stream of work units. The stream must be deterministic for the same
/// parameters, so that splitting can resume from a cursor after a restart with no gap and no duplicate.
/// </summary>
/// <typeparam name="TParameters">The job's parameters, deserialized from the submit.</typeparam>
/// <typeparam name="TUnit">One work unit; it travels to a worker as JSON, so keep it small.</typeparam>
public interface IJobSplitter<in TParameters, TUnit>
{
    /// <summary>
    /// Streams the units that follow <paramref name="cursor"/>, each with the cursor that resumes after it.
    /// </summary>
    /// <param name="parameters">The job's validated parameters.</param>
    /// <param name="cursor">Null to start at the beginning; otherwise a cursor this splitter returned earlier.</param>
    /// <param name="cancellationToken">Cancelled when the job is cancelled or the orchestrator stops.</param>
    /// <returns>The units in a stable order.</returns>
    IAsyncEnumerable<SplitUnit<TUnit>> SplitAsync(
        TParameters parameters,
        string? cursor,
        CancellationToken cancellationToken);
}
