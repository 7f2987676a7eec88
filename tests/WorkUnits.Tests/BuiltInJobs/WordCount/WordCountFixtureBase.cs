using NUnit.Framework;

namespace WorkUnits.Tests.BuiltInJobs.WordCount;

/// <summary>Owns a temporary directory per test, removed afterwards.</summary>
public abstract class WordCountFixtureBase
{
    protected string Root { get; private set; } = string.Empty;

    [SetUp]
    public void CreateRoot()
    {
        Root = Path.Combine(Path.GetTempPath(), "workunits-wordcount-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    [TearDown]
    public void DeleteRoot()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    protected string WriteFile(string relativePath, byte[] content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);

        return path;
    }
}
