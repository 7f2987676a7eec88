namespace WorkUnits.Web.Api;

/// <summary>How many units ended in each slice of a job's life, oldest first, empty slices included.</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="BucketSeconds">The width of one slice.</param>
/// <param name="Buckets">The slices.</param>
internal sealed record ThroughputView(Guid JobId, int BucketSeconds, IReadOnlyList<ThroughputPoint> Buckets);
