namespace WorkUnits.Contracts;

/// <summary>The answer to <see cref="ListJobs"/>.</summary>
/// <param name="Jobs">The jobs, newest first.</param>
public sealed record JobList(IReadOnlyList<JobStatus> Jobs);
