namespace WorkUnits.BuiltInJobs.WordCount;

/// <summary>One unit of a <c>wordcount</c> job: a byte range of one file.</summary>
/// <param name="Path">The file's absolute path.</param>
/// <param name="Offset">Where the range starts, in bytes from the start of the file.</param>
/// <param name="Length">
/// The range's length in bytes; zero for an empty file. The words that start in the range are counted,
/// even when they end past it.
/// </param>
public sealed record WordCountUnit(string Path, long Offset, int Length);
