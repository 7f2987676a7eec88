using System.ComponentModel.DataAnnotations;

namespace WorkUnits.Hosting;

/// <summary>
/// How the orchestrator dispatches units and records their outcomes; section <c>WorkUnits:Orchestrator</c>.
/// </summary>
public sealed class OrchestratorOptions
{
    /// <summary>The configuration section these settings are read from.</summary>
    public const string SectionName = "WorkUnits:Orchestrator";

    /// <summary>The default of <see cref="UnitsPerMessage"/>, which a worker's default prefetch is sized for.</summary>
    public const int DefaultUnitsPerMessage = 16;

    /// <summary>The dispatch window of a job that does not set its own.</summary>
    /// <value>
    /// Defaults to 5,000 units: short units finish faster than one dispatch-to-outcome round trip, so a smaller
    /// window leaves workers idle.
    /// </value>
    [Range(1, 1_000_000)]
    public int DefaultMaxInFlight { get; set; } = 5_000;

    /// <summary>The largest dispatch window a submit may ask for.</summary>
    /// <value>Defaults to 100,000 units.</value>
    [Range(1, 1_000_000)]
    public int MaxInFlightLimit { get; set; } = 100_000;

    /// <summary>How many units the dispatcher stores in one transaction and sends together.</summary>
    /// <value>Defaults to 500.</value>
    [Range(1, 10_000)]
    public int DispatchBatchSize { get; set; } = 500;

    /// <summary>
    /// The most units sent to workers in one <c>ExecuteUnits</c> message; one unit goes as an <c>ExecuteUnit</c>.
    /// Larger batches cost the broker fewer messages; smaller ones spread a short job more evenly over workers.
    /// </summary>
    /// <value>Defaults to 16; 1 sends every unit on its own.</value>
    [Range(1, 1_000)]
    public int UnitsPerMessage { get; set; } = DefaultUnitsPerMessage;

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

    /// <summary>How many attempts each unit of a job that does not set its own gets in all.</summary>
    /// <value>Defaults to 3.</value>
    [Range(1, 100)]
    public int DefaultMaxAttempts { get; set; } = 3;

    /// <summary>The most attempts per unit a submit may ask for.</summary>
    /// <value>Defaults to 20.</value>
    [Range(1, 100)]
    public int MaxAttemptsLimit { get; set; } = 20;

    /// <summary>
    /// The delay before the second attempt at a unit; each later attempt waits twice as long, up to
    /// <see cref="RetryMaxDelay"/>, and every delay is shortened by a random jitter of up to half.
    /// </summary>
    /// <value>Defaults to two seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest delay before a retry.</summary>
    /// <value>Defaults to five minutes.</value>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the sweeper looks for units whose retry is due.</summary>
    /// <value>Defaults to one second.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The most due units the sweeper claims and sends in one go.</summary>
    /// <value>Defaults to 1,000.</value>
    [Range(1, 100_000)]
    public int SweepBatchSize { get; set; } = 1_000;

    /// <summary>
    /// The lease of an attempt of a job that does not set <c>settings.unitTimeout</c>: how long it may take from
    /// its dispatch before the worker cancels it and the orchestrator hands the unit to a new attempt.
    /// </summary>
    /// <value>Defaults to five minutes.</value>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan DefaultUnitTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest unit timeout a submit may ask for.</summary>
    /// <value>Defaults to one day.</value>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaxUnitTimeout { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How long after an attempt's lease ended the sweeper waits for the worker's own timeout report before it
    /// declares the attempt lost and gives the unit a new attempt.
    /// </summary>
    /// <value>Defaults to 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan LeaseGracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest submit message accepted, in bytes; a larger one is rejected naming <c>submit</c>.</summary>
    /// <value>Defaults to 1 MiB.</value>
    [Range(1_024, 128 * 1_024 * 1_024)]
    public int MaxSubmitBytes { get; set; } = 1_024 * 1_024;
}
