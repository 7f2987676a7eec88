namespace WorkUnits.Contracts;

/// <summary>
/// The outcomes of several units a worker finished at about the same time, sent as one message so that the
/// broker and the orchestrator handle one message per batch instead of one per unit. Each outcome means
/// exactly what it would as a single <see cref="UnitCompleted"/> or <see cref="UnitFailed"/> message.
/// </summary>
/// <param name="Completed">The attempts that succeeded; may be empty.</param>
/// <param name="Failed">The attempts that failed; may be empty.</param>
public sealed record UnitsEnded(IReadOnlyList<UnitCompleted> Completed, IReadOnlyList<UnitFailed> Failed);
