namespace WorkUnits.BuiltInJobs.Synthetic;

/// <summary>
/// The result of the <c>synthetic</c> job; when every unit succeeds, Sum is Count × (Count − 1) / 2.
/// </summary>
/// <param name="Count">The units whose results were folded.</param>
/// <param name="Sum">The sum of those results.</param>
public sealed record SyntheticResult(long Count, long Sum);
