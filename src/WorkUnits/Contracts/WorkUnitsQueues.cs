namespace WorkUnits.Contracts;

/// <summary>The names of the queues WorkUnits declares, for producers and operators outside .NET.</summary>
public static class WorkUnitsQueues
{
    /// <summary>Takes <see cref="SubmitJob"/> in MassTransit's envelope or as plain JSON.</summary>
    public const string Submit = "workunits-submit";

    /// <summary>The work-unit queue that workers consume; scale workers on its depth.</summary>
    public const string Units = "workunits-units";

    /// <summary>Unit outcomes on their way from workers to the orchestrator.</summary>
    public const string Outcomes = "workunits-outcomes";

    /// <summary>The job saga's events.</summary>
    public const string Jobs = "workunits-jobs";

    /// <summary>The orchestrator's commands to itself: start splitting, finalize, stop dispatching.</summary>
    public const string Control = "workunits-control";

    /// <summary>Status and list requests.</summary>
    public const string Queries = "workunits-queries";
}
