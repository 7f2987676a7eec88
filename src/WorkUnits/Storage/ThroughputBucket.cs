namespace WorkUnits.Storage;

/// <summary>How many of a job's units ended within one slice of time.</summary>
/// <param name="Start">Where the slice begins; slices are counted from the job's creation.</param>
/// <param name="Succeeded">Units that succeeded in the slice.</param>
/// <param name="Failed">Units that failed in the slice.</param>
internal sealed record ThroughputBucket(DateTimeOffset Start, long Succeeded, long Failed);
