using System.Text;
using NUnit.Framework;
using WorkUnits.BuiltInJobs.WordCount;
using WorkUnits.Jobs;

namespace WorkUnits.Tests.BuiltInJobs.WordCount;

public sealed class WordCountSplitterTests : WordCountFixtureBase
{
    [Test]
    public async Task SplitAsync_LargeFile_YieldsRangesOfAtMostRangeBytes()
    {
        var path = WriteFile("forty.txt", new byte[40]);

        var units = await WordCountPipeline.SplitAsync(new WordCountParameters { Path = path, RangeBytes = 16 });

        WordCountUnit[] expectedUnits = [new(path, 0, 16), new(path, 16, 16), new(path, 32, 8)];
        string[] expectedCursors = ["16:", "32:", "40:"];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(units.Select(split => split.Unit), Is.EqualTo(expectedUnits));
            Assert.That(units.Select(split => split.Cursor), Is.EqualTo(expectedCursors));
        }
    }

    [Test]
    public async Task SplitAsync_Directory_WalksFilesInOrdinalOrderOfRelativePaths()
    {
        foreach (var name in new[] { "a/b.txt", "a.txt", "a-c.txt", "B.txt", "a/a/z.txt" })
        {
            WriteFile(name, Encoding.UTF8.GetBytes("word"));
        }

        var units = await WordCountPipeline.SplitAsync(new WordCountParameters { Path = Root });

        string[] expected = ["4:B.txt", "4:a-c.txt", "4:a.txt", "4:a/a/z.txt", "4:a/b.txt"];
        Assert.That(units.Select(split => split.Cursor), Is.EqualTo(expected));
    }

    [Test]
    public async Task SplitAsync_EmptyFile_YieldsOneEmptyUnit()
    {
        var path = WriteFile("empty.txt", []);

        var units = await WordCountPipeline.SplitAsync(new WordCountParameters { Path = Root, RangeBytes = 16 });

        var expected = new SplitUnit<WordCountUnit>(new WordCountUnit(path, 0, 0), "0:empty.txt");
        Assert.That(units, Is.EqualTo(new[] { expected }));
    }

    [Test]
    public async Task SplitAsync_ResumedFromEveryCursor_ContinuesWithTheNextUnit()
    {
        WriteFile("a.txt", new byte[50]);
        WriteFile("b/empty.txt", []);
        WriteFile("b/c.txt", new byte[16]);
        WriteFile("b/empty2.txt", []);
        WriteFile("d:colon.txt", new byte[33]);
        var parameters = new WordCountParameters { Path = Root, RangeBytes = 16 };
        var whole = await WordCountPipeline.SplitAsync(parameters);

        var resumed = new List<List<SplitUnit<WordCountUnit>>>();
        for (var stoppedAfter = 0; stoppedAfter < whole.Count; stoppedAfter++)
        {
            var rest = await WordCountPipeline.SplitAsync(parameters, whole[stoppedAfter].Cursor);
            resumed.Add([.. whole.Take(stoppedAfter + 1), .. rest]);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(whole, Has.Count.EqualTo(4 + 1 + 1 + 1 + 3));
            Assert.That(resumed, Has.All.EqualTo(whole));
        }
    }

    [Test]
    public async Task SplitAsync_SymlinkedDirectory_IsNotFollowed()
    {
        var path = WriteFile("dir/words.txt", Encoding.UTF8.GetBytes("word"));
        Directory.CreateSymbolicLink(Path.Combine(Root, "dir", "loop"), Root);

        var units = await WordCountPipeline.SplitAsync(new WordCountParameters { Path = Root });

        Assert.That(units.Select(split => split.Unit), Is.EqualTo(new[] { new WordCountUnit(path, 0, 4) }));
    }

    [Test]
    public async Task SplitAsync_SymlinkedFile_IsCountedAndBrokenLinkSkipped()
    {
        var target = WriteFile("target.txt", Encoding.UTF8.GetBytes("twelve bytes"));
        var link = Path.Combine(Root, "link.txt");
        File.CreateSymbolicLink(link, target);
        File.CreateSymbolicLink(Path.Combine(Root, "broken.txt"), Path.Combine(Root, "missing.txt"));

        var units = await WordCountPipeline.SplitAsync(new WordCountParameters { Path = Root });

        Assert.That(
            units.Select(split => split.Unit),
            Is.EqualTo(new[] { new WordCountUnit(link, 0, 12), new WordCountUnit(target, 0, 12) }));
    }

    [Test]
    public void SplitAsync_MalformedCursor_Throws()
    {
        var parameters = new WordCountParameters { Path = Root };

        Assert.That(
            () => new WordCountSplitter().SplitAsync(parameters, "not-a-cursor", CancellationToken.None),
            Throws.ArgumentException);
    }
}
