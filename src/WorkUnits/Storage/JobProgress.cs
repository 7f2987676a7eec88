namespace WorkUnits.Storage;

/// <summary>A job's counts right after the store changed them, read in the same transaction.</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="Dispatched">Units stored and dispatched.</param>
/// <param name="Succeeded">Units recorded as succeeded.</param>
/// <param name="Failed">Units recorded as failed.</param>
/// <param name="SplitCompleted">Whether the splitter has finished.</param>
/// <param name="NewlyEnded">How many units this change ended; duplicates of recorded outcomes count zero.</param>
internal sealed record JobProgress(
    Guid JobId,
    long Dispatched,
    long Succeeded,
    long Failed,
    bool SplitCompleted,
    long NewlyEnded)
{
    public bool AllUnitsEnded => SplitCompleted && Succeeded + Failed >= Dispatched;
}
