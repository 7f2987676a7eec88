namespace WorkUnits.Web.Api;

/// <summary>The units that ended within one slice of time.</summary>
/// <param name="Start">Where the slice begins.</param>
/// <param name="Succeeded">Units that succeeded in it.</param>
/// <param name="Failed">Units that failed in it.</param>
internal sealed record ThroughputPoint(DateTimeOffset Start, long Succeeded, long Failed);
