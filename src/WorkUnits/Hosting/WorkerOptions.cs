using System.ComponentModel.DataAnnotations;

namespace WorkUnits.Hosting;

/// <summary>How a worker consumes units; section <c>WorkUnits:Worker</c>.</summary>
public sealed class WorkerOptions
{
    /// <summary>The configuration section these settings are read from.</summary>
    public const string SectionName = "WorkUnits:Worker";

    /// <summary>How many units one worker process runs at once.</summary>
    /// <value>
    /// Defaults to 128. A no-op unit spends its time waiting on the broker and the database, not the CPU, so a
    /// worker needs this many in flight to keep them busy.
    /// </value>
    [Range(1, 10_000)]
    public int Concurrency { get; set; } = 128;

    /// <summary>
    /// How many unit messages the broker hands this worker ahead of time. A message carries one unit or a batch of
    /// up to the orchestrator's <see cref="OrchestratorOptions.UnitsPerMessage"/>.
    /// </summary>
    /// <value>
    /// Defaults, when zero, to enough batches of the orchestrator's default size for twice <see cref="Concurrency"/>
    /// units, and at least 2 messages: 16 for the default concurrency of 128.
    /// </value>
    [Range(0, 65_535)]
    public int PrefetchCount { get; set; }

    /// <summary>The prefetch count in force: <see cref="PrefetchCount"/>, or its default when that is zero.</summary>
    internal int EffectivePrefetchCount =>
        PrefetchCount > 0 ? PrefetchCount : Math.Max(2, Concurrency * 2 / OrchestratorOptions.DefaultUnitsPerMessage);

    /// <summary>
    /// How many times a unit message may come back from a worker that stopped while holding it (a crash, a kill, a
    /// lost connection) and still be run. One more return and that attempt is reported failed without running, so
    /// a unit that crashes its process runs at most this plus one times per attempt.
    /// </summary>
    /// <value>Defaults to 2.</value>
    [Range(1, 100)]
    public int MaxRedeliveries { get; set; } = 2;

    /// <summary>
    /// The most unit outcomes one <c>UnitsEnded</c> message carries. Outcomes that end while the previous batch is
    /// being sent go into the next one, so under load a worker sends one message per broker round trip; an idle
    /// worker sends an outcome at once. Each outcome carries its unit's result, so large results call for a
    /// smaller batch.
    /// </summary>
    /// <value>Defaults to 200. One sends every outcome in a message of its own.</value>
    [Range(1, 5_000)]
    public int OutcomeBatchSize { get; set; } = 200;

    /// <summary>
    /// How long running units may take to finish when the worker stops; the rest go back to the queue.
    /// </summary>
    /// <value>Defaults to 25 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(25);
}
