namespace WorkUnits.BuiltInJobs.WordCount;

/// <summary>The words that start in one unit's byte range, lowercased, with how often each occurs.</summary>
/// <param name="Words">Each word with its count in the range.</param>
public sealed record WordCountUnitResult(IReadOnlyDictionary<string, int> Words);
