using System.Text.Json;
using Polly;
using WorkUnits.Jobs;

namespace WorkUnits.JobTypes;

/// <summary>
/// One registered job type with its generic arguments erased, so that the orchestrator and workers can
/// drive it with JSON strings.
/// </summary>
internal abstract class JobTypeRuntime
{
    protected JobTypeRuntime(string name) => Name = name;

    public string Name { get; }

    /// <summary>
    /// Wraps every call of the unit handler within one attempt; empty unless the application configured one.
    /// </summary>
    public ResiliencePipeline UnitPipeline { get; set; } = ResiliencePipeline.Empty;

    /// <summary>Reads and validates parameters; returns their normalized JSON or the first problem found.</summary>
    public abstract (string? Parameters, ParameterProblem? Problem) CheckParameters(JsonElement? parameters);

    public abstract IAsyncEnumerable<SplitItem> SplitAsync(
        IServiceProvider services,
        string parameters,
        string? cursor,
        CancellationToken cancellationToken);

    public abstract Task<string> HandleAsync(IServiceProvider services, string payload, UnitContext context);

    /// <summary>Runs the finalizer, or returns null when the job type has none.</summary>
    public abstract Task<JsonElement?> FinalizeAsync(
        IServiceProvider services,
        string parameters,
        IAsyncEnumerable<StoredUnitResult> results,
        FinalizeContext context);
}
