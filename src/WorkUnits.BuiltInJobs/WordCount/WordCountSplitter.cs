using WorkUnits.Jobs;

namespace WorkUnits.BuiltInJobs.WordCount;

/// <summary>
/// Splits a <c>wordcount</c> job into byte ranges of at most <see cref="WordCountParameters.RangeBytes"/>
/// bytes: file by file in ordinal order of their relative paths, each file from its start to its end. An
/// empty file is one empty unit. The files must not change while the job runs.
/// </summary>
public sealed class WordCountSplitter : IJobSplitter<WordCountParameters, WordCountUnit>
{
    /// <inheritdoc />
    public IAsyncEnumerable<SplitUnit<WordCountUnit>> SplitAsync(
        WordCountParameters parameters,
        string? cursor,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);

        var resumeAfter = cursor is null ? (WordCountCursor?)null : WordCountCursor.Parse(cursor);

        return Split(parameters, resumeAfter, cancellationToken).ToAsyncEnumerable();
    }

    private static IEnumerable<SplitUnit<WordCountUnit>> Split(
        WordCountParameters parameters,
        WordCountCursor? resumeAfter,
        CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(parameters.Path);

        foreach (var file in SourceFiles.List(root, cancellationToken))
        {
            // Files before the cursor's file are done. In the cursor's file, the ranges before its offset
            // are done, and so is an empty file's one unit; a file after it starts afresh.
            var order = resumeAfter is { } cursor ? string.CompareOrdinal(file.RelativePath, cursor.RelativePath) : 1;
            if (order < 0)
            {
                continue;
            }

            var length = LengthOf(file);
            var start = order == 0 ? resumeAfter!.Value.NextOffset : 0;
            if (length == 0 && order > 0)
            {
                yield return Unit(file, 0, 0);
                continue;
            }

            for (var offset = start; offset < length; offset += parameters.RangeBytes)
            {
                cancellationToken.ThrowIfCancellationRequested();

                yield return Unit(file, offset, (int)Math.Min(parameters.RangeBytes, length - offset));
            }
        }
    }

    private static long LengthOf(SourceFile file)
    {
        using var handle = File.OpenHandle(file.FullPath);

        return RandomAccess.GetLength(handle);
    }

    private static SplitUnit<WordCountUnit> Unit(SourceFile file, long offset, int length)
    {
        var cursor = new WordCountCursor(file.RelativePath, offset + length);

        return new SplitUnit<WordCountUnit>(new WordCountUnit(file.FullPath, offset, length), cursor.Format());
    }
}
