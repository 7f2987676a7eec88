using WorkUnits.Contracts;

namespace WorkUnits.Web.Api;

/// <summary>A job's failed units grouped by cause, the largest group first.</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="Groups">The groups, each with the newest failure's message as a sample.</param>
internal sealed record ErrorGroupsView(Guid JobId, IReadOnlyList<JobErrorGroup> Groups);
