using System.Text.Json;

namespace WorkUnits.Contracts;

/// <summary>The finalizer produced the job's result.</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="Result">The result, or null for a job type without a finalizer.</param>
public sealed record JobFinalized(Guid JobId, JsonElement? Result);
