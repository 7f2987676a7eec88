namespace WorkUnits.Contracts;

/// <summary>
/// A roll-up of recorded unit outcomes. Counts are absolute, so a late or repeated roll-up never lowers them.
/// </summary>
/// <param name="JobId">The job's id.</param>
/// <param name="Succeeded">The units recorded as succeeded so far.</param>
/// <param name="Failed">The units recorded as failed so far.</param>
/// <param name="AllUnitsEnded">True when splitting has finished and every unit has an outcome.</param>
public sealed record JobProgressed(Guid JobId, long Succeeded, long Failed, bool AllUnitsEnded);
