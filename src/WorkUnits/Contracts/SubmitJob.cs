using System.Text.Json;

namespace WorkUnits.Contracts;

/// <summary>
/// Asks the orchestrator to run a job. Every property is optional on the wire so that a malformed
/// submit is rejected with the name of the field that is wrong instead of failing to deserialize.
/// </summary>
public sealed record SubmitJob
{
    /// <summary>The job's id. Submitting the same id twice runs the job once.</summary>
    /// <value>When absent, the message id is used, or a new id when the message has none.</value>
    public Guid? JobId { get; init; }

    /// <summary>The registered name of the job type, for example <c>synthetic</c>.</summary>
    public string? JobType { get; init; }

    /// <summary>The job type's parameters as a JSON object.</summary>
    public JsonElement? Parameters { get; init; }

    /// <summary>Per-job limits; absent values take the orchestrator's defaults.</summary>
    public JobSettings? Settings { get; init; }
}
