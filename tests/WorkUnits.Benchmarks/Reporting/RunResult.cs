namespace WorkUnits.Benchmarks.Reporting;

/// <summary>One run of one measurement: how many items it moved, in how long, and what it sampled meanwhile.</summary>
internal sealed record RunResult(
    string Measurement,
    string Variant,
    int Run,
    long Items,
    double Seconds,
    IReadOnlyList<Sample> Samples)
{
    public double PerSecond => Seconds > 0 ? Items / Seconds : 0;

    public double? PeakOrchestratorMb { get; init; }

    public double? PeakWorkerMb { get; init; }

    /// <summary>Rates that are part of the run but not its headline, such as publish-only and consume-only rates.</summary>
    public IReadOnlyDictionary<string, double> Extra { get; init; } = new Dictionary<string, double>();

    public string Note { get; init; } = "";
}
