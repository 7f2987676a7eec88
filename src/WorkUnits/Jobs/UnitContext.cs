namespace WorkUnits.Jobs;

/// <summary>What a unit handler knows about the unit it runs.</summary>
public sealed class UnitContext
{
    internal UnitContext(Guid jobId, long unitIndex, int attempt, CancellationToken cancellationToken)
    {
        JobId = jobId;
        UnitIndex = unitIndex;
        Attempt = attempt;
        CancellationToken = cancellationToken;
    }

    /// <summary>The job the unit belongs to.</summary>
    public Guid JobId { get; }

    /// <summary>The unit's position in the job's split, from zero.</summary>
    public long UnitIndex { get; }

    /// <summary>The attempt number, from one.</summary>
    public int Attempt { get; }

    /// <summary>A key that is the same for every attempt of this unit and different for every other unit.</summary>
    public string IdempotencyKey => $"{JobId:N}:{UnitIndex}";

    /// <summary>Cancelled when the job is cancelled or the worker shuts down.</summary>
    public CancellationToken CancellationToken { get; }
}
