using System.ComponentModel.DataAnnotations;

namespace WorkUnits.Hosting;

/// <summary>How the orchestrator dispatches units and records their outcomes; section <c>WorkUnits:Orchestrator</c>.</summary>
public sealed class OrchestratorOptions
{
    /// <summary>The configuration section these settings are read from.</summary>
    public const string SectionName = "WorkUnits:Orchestrator";

    /// <summary>The dispatch window of a job that does not set its own.</summary>
    /// <value>Defaults to 1,000 units.</value>
    [Range(1, 1_000_000)]
    public int DefaultMaxInFlight { get; set; } = 1_000;

    /// <summary>The largest dispatch window a submit may ask for.</summary>
    /// <value>Defaults to 100,000 units.</value>
    [Range(1, 1_000_000)]
    public int MaxInFlightLimit { get; set; } = 100_000;

    /// <summary>How many units the dispatcher stores in one transaction and sends together.</summary>
    /// <value>Defaults to 500.</value>
    [Range(1, 10_000)]
    public int DispatchBatchSize { get; set; } = 500;

    /// <summary>The most outcomes recorded in one store transaction.</summary>
    /// <value>Defaults to 2,000.</value>
    [Range(1, 50_000)]
    public int RecordBatchSize { get; set; } = 2_000;

    /// <summary>How many outcome messages are processed at once; they are what fills a record batch.</summary>
    /// <value>Defaults to 1,000.</value>
    [Range(1, 10_000)]
    public int OutcomeConcurrency { get; set; } = 1_000;

    /// <summary>How often a running job's counts are rolled up into its saga.</summary>
    /// <value>Defaults to one second.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(1);
}
