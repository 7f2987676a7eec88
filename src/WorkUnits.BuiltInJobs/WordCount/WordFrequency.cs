namespace WorkUnits.BuiltInJobs.WordCount;

/// <summary>A word and how often it occurs in the whole job.</summary>
/// <param name="Word">The lowercased word.</param>
/// <param name="Count">The number of its occurrences.</param>
public sealed record WordFrequency(string Word, long Count);
