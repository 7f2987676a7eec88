namespace WorkUnits.Jobs;

/// <summary>What a finalizer knows about the job it finalizes.</summary>
public sealed class FinalizeContext
{
    internal FinalizeContext(Guid jobId, long total, long succeeded, long failed, CancellationToken cancellationToken)
    {
        JobId = jobId;
        Total = total;
        Succeeded = succeeded;
        Failed = failed;
        CancellationToken = cancellationToken;
    }

    /// <summary>The job's id.</summary>
    public Guid JobId { get; }

    /// <summary>The number of units the job was split into.</summary>
    public long Total { get; }

    /// <summary>The units that succeeded; their results are the ones streamed to the finalizer.</summary>
    public long Succeeded { get; }

    /// <summary>The units that failed within the job's failure budget.</summary>
    public long Failed { get; }

    /// <summary>Cancelled when the orchestrator stops.</summary>
    public CancellationToken CancellationToken { get; }
}
