namespace WorkUnits.Jobs;

/// <summary>
/// Processes one work unit. A unit may be attempted more than once (after a crash or a lost message),
/// so a handler with side effects should make them idempotent with <see cref="UnitContext.IdempotencyKey"/>.
/// </summary>
/// <typeparam name="TUnit">The unit type the job's splitter produces.</typeparam>
/// <typeparam name="TResult">A small result; it is stored and handed to the finalizer.</typeparam>
public interface IUnitHandler<in TUnit, TResult>
{
    /// <summary>Processes the unit.</summary>
    /// <param name="unit">The unit.</param>
    /// <param name="context">Who the unit is, which attempt this is, and when to stop.</param>
    /// <returns>The unit's result.</returns>
    Task<TResult> HandleAsync(TUnit unit, UnitContext context);
}
