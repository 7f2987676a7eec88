namespace WorkUnits.Jobs;

/// <summary>One unit produced by a splitter, with the cursor that resumes splitting right after it.</summary>
/// <typeparam name="TUnit">The unit type.</typeparam>
/// <param name="Unit">The unit.</param>
/// <param name="Cursor">An opaque string the splitter understands when it is handed back.</param>
public readonly record struct SplitUnit<TUnit>(TUnit Unit, string Cursor);
