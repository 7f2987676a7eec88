namespace WorkUnits.Benchmarks.Measurements;

/// <summary>A job that does nothing, for the job-consumer peer.</summary>
public sealed record NoopJob(long Index);
