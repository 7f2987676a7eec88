namespace WorkUnits.Benchmarks.Infrastructure;

/// <summary>A job's row in the WorkUnits store, as the benchmark polls it.</summary>
internal sealed record JobRow(
    string State,
    long Dispatched,
    long Succeeded,
    long Failed,
    bool SplitCompleted,
    DateTime CreatedAt,
    DateTime? EndedAt)
{
    public long Ended => Succeeded + Failed;

    public bool IsFinal => State is "completed" or "failed" or "cancelled";
}
