namespace WorkUnits.Benchmarks.Measurements;

/// <summary>A message shaped like WorkUnits' <c>ExecuteUnit</c>, for the baselines that do not run WorkUnits.</summary>
public sealed record UnitMessage(Guid JobId, string JobType, long UnitIndex, int Attempt, string Payload)
{
    public static UnitMessage For(Guid jobId, long index) =>
        new(jobId, "synthetic", index, 1, $"{{\"index\":{index},\"unitMs\":0}}");
}
