namespace WorkUnits.Benchmarks.Reporting;

/// <summary>How many items were done after so many seconds of a run.</summary>
internal readonly record struct Sample(double Seconds, long Done);
