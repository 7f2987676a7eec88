namespace WorkUnits.Storage;

/// <summary>Where a job is in its life. The store keeps it as the lowercase name.</summary>
internal enum JobState
{
    Submitted,
    Splitting,
    Running,
    Finalizing,
    Completed,
    Failed,
    Cancelled,
}
