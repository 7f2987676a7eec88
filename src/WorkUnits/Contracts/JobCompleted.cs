using System.Text.Json;

namespace WorkUnits.Contracts;

/// <summary>Every unit of a job ended within its failure budget and the job's result is final.</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="Total">The number of units the job was split into.</param>
/// <param name="Succeeded">The units that succeeded.</param>
/// <param name="Failed">The units that failed.</param>
/// <param name="Result">The finalizer's result, or null for a job type without a finalizer.</param>
public sealed record JobCompleted(Guid JobId, long Total, long Succeeded, long Failed, JsonElement? Result);
