namespace WorkUnits.Contracts;

/// <summary>
/// Tells a worker to run several work units, each as the attempt its <see cref="ExecuteUnit"/> names. The
/// orchestrator sends units in such batches so that a busy job costs the broker one message per batch, not one per
/// unit; a worker runs them as if each had come on its own.
/// </summary>
/// <param name="Units">The units, usually consecutive units of one job.</param>
public sealed record ExecuteUnits(IReadOnlyList<ExecuteUnit> Units);
