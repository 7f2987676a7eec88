using System.Globalization;

namespace WorkUnits.BuiltInJobs.WordCount;

/// <summary>
/// Where a <c>wordcount</c> split stopped: the file of the last unit (its path relative to the job's root,
/// '/'-separated, empty when the root is a file) and the offset right after that unit. Written as
/// <c>{nextOffset}:{relativePath}</c>; the offset comes first because a path may contain ':'.
/// </summary>
/// <param name="RelativePath">The relative path of the last unit's file.</param>
/// <param name="NextOffset">The offset the next range of that file starts at.</param>
internal readonly record struct WordCountCursor(string RelativePath, long NextOffset)
{
    public string Format() => NextOffset.ToString(CultureInfo.InvariantCulture) + ":" + RelativePath;

    public static WordCountCursor Parse(string cursor)
    {
        var colon = cursor.IndexOf(':', StringComparison.Ordinal);
        var offset = 0L;
        var valid = colon > 0
            && long.TryParse(cursor.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out offset);
        if (!valid)
        {
            throw new ArgumentException(
                $"'{cursor}' is not a wordcount cursor; expected '{{nextOffset}}:{{relativePath}}'.",
                nameof(cursor));
        }

        return new WordCountCursor(cursor[(colon + 1)..], offset);
    }
}
