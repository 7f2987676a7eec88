namespace WorkUnits.BuiltInJobs.WordCount;

/// <summary>The result of a <c>wordcount</c> job.</summary>
/// <param name="TotalWords">The number of words counted, repeats included.</param>
/// <param name="DistinctWords">The number of different words.</param>
/// <param name="Top">
/// The most frequent words, at most <see cref="WordCountParameters.Top"/> of them, by count descending and
/// then by ordinal word order.
/// </param>
public sealed record WordCountResult(long TotalWords, int DistinctWords, IReadOnlyList<WordFrequency> Top);
