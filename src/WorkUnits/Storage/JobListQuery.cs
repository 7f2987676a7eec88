namespace WorkUnits.Storage;

/// <summary>Which jobs to list, newest first.</summary>
internal sealed record JobListQuery(JobState? State, string? JobType, int Limit, int Offset);
