namespace WorkUnits.BuiltInJobs.WordCount;

/// <summary>Lists the files under a job's root in the order the splitter walks them.</summary>
internal static class SourceFiles
{
    private static readonly EnumerationOptions OneLevel = new()
    {
        RecurseSubdirectories = false,
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        ReturnSpecialDirectories = false,
    };

    /// <summary>
    /// Returns the root itself when it is a file; otherwise every file below it, sorted by ordinal order of
    /// the '/'-separated relative paths. Symbolic links to directories are not followed, so a link cannot
    /// make the walk loop; links to files are counted as the files they point to, and broken links are skipped.
    /// The paths are collected before sorting, so a tree of millions of files costs memory for their names.
    /// </summary>
    public static IReadOnlyList<SourceFile> List(string root, CancellationToken cancellationToken)
    {
        if (File.Exists(root))
        {
            return [new SourceFile(string.Empty, root)];
        }

        var files = new List<SourceFile>();
        var pending = new Stack<DirectoryInfo>();
        pending.Push(new DirectoryInfo(root));

        while (pending.TryPop(out var directory))
        {
            cancellationToken.ThrowIfCancellationRequested();

            foreach (var entry in directory.EnumerateFileSystemInfos("*", OneLevel))
            {
                if (entry is DirectoryInfo subdirectory)
                {
                    if (subdirectory.LinkTarget is null)
                    {
                        pending.Push(subdirectory);
                    }
                }
                else if (entry.LinkTarget is null || entry.ResolveLinkTarget(returnFinalTarget: true)!.Exists)
                {
                    files.Add(new SourceFile(Relative(root, entry.FullName), entry.FullName));
                }
            }
        }

        files.Sort((left, right) => string.CompareOrdinal(left.RelativePath, right.RelativePath));
        return files;
    }

    private static string Relative(string root, string fullPath)
    {
        var relative = Path.GetRelativePath(root, fullPath);

        return Path.DirectorySeparatorChar == '/' ? relative : relative.Replace(Path.DirectorySeparatorChar, '/');
    }
}
