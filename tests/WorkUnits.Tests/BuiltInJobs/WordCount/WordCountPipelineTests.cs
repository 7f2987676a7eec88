using System.Text;
using NUnit.Framework;
using WorkUnits.BuiltInJobs.WordCount;

namespace WorkUnits.Tests.BuiltInJobs.WordCount;

public sealed class WordCountPipelineTests : WordCountFixtureBase
{
    private const int Top = 50;

    [Test]
    public async Task Pipeline_GeneratedTextWithSmallRanges_MatchesWholeFileCount(
        [Values(16, 17, 64, 1000)] int rangeBytes,
        [Values(1, 2, 3)] int seed)
    {
        var content = TextGenerator.Generate(seed, pieces: 3000, withInvalidBytes: false);
        var path = WriteFile("text.txt", content);

        var outcome = await WordCountPipeline.RunAsync(Parameters(path, rangeBytes));

        AssertMatchesReference(outcome, [content]);
    }

    [Test]
    public async Task Pipeline_InvalidUtf8WithSmallRanges_MatchesWholeFileCount(
        [Values(16, 17, 64)] int rangeBytes,
        [Values(4, 5, 6)] int seed)
    {
        var content = TextGenerator.Generate(seed, pieces: 3000, withInvalidBytes: true);
        var path = WriteFile("text.txt", content);

        var outcome = await WordCountPipeline.RunAsync(Parameters(path, rangeBytes));

        AssertMatchesReference(outcome, [content]);
    }

    [Test]
    public async Task Pipeline_RandomBytes_MatchesWholeFileCount([Values(16, 17)] int rangeBytes)
    {
        var content = new byte[20_000];
        new Random(7).NextBytes(content);
        var path = WriteFile("noise.bin", content);

        var outcome = await WordCountPipeline.RunAsync(Parameters(path, rangeBytes));

        AssertMatchesReference(outcome, [content]);
    }

    [Test]
    public async Task Pipeline_MultiByteCharacterAtEveryShift_MatchesWholeFileCount(
        [Values("é", "中文", "😀", "e\u0301", "𝐀", "x😀y", "ab中")] string piece,
        [Range(0, 16)] int shift)
    {
        var text = new string('w', shift) + string.Concat(Enumerable.Repeat(piece + "z" + piece + " ", 12));
        var content = Encoding.UTF8.GetBytes(text);
        var path = WriteFile("shifted.txt", content);

        var outcome = await WordCountPipeline.RunAsync(Parameters(path, rangeBytes: 16));

        AssertMatchesReference(outcome, [content]);
    }

    [Test]
    public async Task Pipeline_WordLongerThanManyRanges_CountsItOnce()
    {
        var content = Encoding.UTF8.GetBytes("one " + new string('x', 100) + "中 two");
        var path = WriteFile("long.txt", content);

        var outcome = await WordCountPipeline.RunAsync(Parameters(path, rangeBytes: 16));

        Assert.That(outcome.Tally, Is.EqualTo(new Dictionary<string, long>
        {
            ["one"] = 1,
            [new string('x', 100) + "中"] = 1,
            ["two"] = 1,
        }));
    }

    [Test]
    public async Task Pipeline_DirectoryTree_MatchesCountOfAllFiles()
    {
        var files = new[]
        {
            WriteFile("a.txt", TextGenerator.Generate(11, 500, withInvalidBytes: false)),
            WriteFile("nested/b.txt", TextGenerator.Generate(12, 500, withInvalidBytes: true)),
            WriteFile("nested/deeper/c.txt", TextGenerator.Generate(13, 500, withInvalidBytes: false)),
            WriteFile("nested/empty.txt", []),
            WriteFile("z.txt", Encoding.UTF8.GetBytes("last words")),
        };

        var outcome = await WordCountPipeline.RunAsync(Parameters(Root, rangeBytes: 17));

        AssertMatchesReference(outcome, files.Select(File.ReadAllBytes));
    }

    [Test]
    public async Task Pipeline_EmptyFile_CountsNothing()
    {
        var path = WriteFile("empty.txt", []);

        var outcome = await WordCountPipeline.RunAsync(Parameters(path, rangeBytes: 16));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Units, Is.EqualTo(1));
            Assert.That(outcome.Result.TotalWords, Is.Zero);
            Assert.That(outcome.Result.DistinctWords, Is.Zero);
            Assert.That(outcome.Result.Top, Is.Empty);
        }
    }

    private static WordCountParameters Parameters(string path, int rangeBytes) =>
        new() { Path = path, RangeBytes = rangeBytes, Top = Top };

    private static void AssertMatchesReference(PipelineOutcome outcome, IEnumerable<byte[]> files)
    {
        var expected = ReferenceWordCounter.Count(files);
        var expectedTop = ReferenceWordCounter.Top(expected, Top);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Tally, Is.EqualTo(expected));
            Assert.That(outcome.Result.TotalWords, Is.EqualTo(expected.Values.Sum()));
            Assert.That(outcome.Result.DistinctWords, Is.EqualTo(expected.Count));
            Assert.That(outcome.Result.Top.Select(entry => (entry.Word, entry.Count)), Is.EqualTo(expectedTop));
        }
    }
}
