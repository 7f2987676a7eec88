namespace WorkUnits.BuiltInJobs.WordCount;

/// <summary>A file a <c>wordcount</c> job counts.</summary>
/// <param name="RelativePath">
/// Its path relative to the job's root, '/'-separated; empty when the root is the file itself.
/// </param>
/// <param name="FullPath">Its absolute path.</param>
internal readonly record struct SourceFile(string RelativePath, string FullPath);
