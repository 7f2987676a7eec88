namespace WorkUnits.Web.Api;

/// <summary>One page of jobs, newest first.</summary>
/// <param name="Jobs">The jobs on this page.</param>
/// <param name="Limit">The page size asked for.</param>
/// <param name="Offset">How many newer jobs were skipped.</param>
/// <param name="NextOffset">The offset of the next page; null on the last page.</param>
internal sealed record JobPage(IReadOnlyList<JobView> Jobs, int Limit, int Offset, int? NextOffset);
