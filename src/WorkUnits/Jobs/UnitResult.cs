namespace WorkUnits.Jobs;

/// <summary>The recorded result of one unit that succeeded.</summary>
/// <typeparam name="TResult">The unit handler's result type.</typeparam>
/// <param name="UnitIndex">The unit's position in the job's split.</param>
/// <param name="Value">The handler's result.</param>
public readonly record struct UnitResult<TResult>(long UnitIndex, TResult Value);
