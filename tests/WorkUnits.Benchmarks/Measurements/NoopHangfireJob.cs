using System.Runtime.CompilerServices;

namespace WorkUnits.Benchmarks.Measurements;

/// <summary>A Hangfire background job that only counts itself.</summary>
public static class NoopHangfireJob
{
    private static readonly StrongBox<JobTally?> Tally = new();

    public static void CountInto(JobTally tally) => Tally.Value = tally;

    public static void Run(long index) => Tally.Value?.Increment();
}
