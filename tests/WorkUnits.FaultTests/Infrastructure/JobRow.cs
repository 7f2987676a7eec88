namespace WorkUnits.FaultTests.Infrastructure;

/// <summary>A job's row in <c>workunits_jobs</c>, as the fault tests read it.</summary>
internal sealed record JobRow(string State, long Dispatched, long Succeeded, long Failed, long? ResultSum);
