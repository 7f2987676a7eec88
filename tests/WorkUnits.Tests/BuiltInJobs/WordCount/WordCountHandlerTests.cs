using System.Text;
using NUnit.Framework;
using WorkUnits.BuiltInJobs.WordCount;

namespace WorkUnits.Tests.BuiltInJobs.WordCount;

public sealed class WordCountHandlerTests : WordCountFixtureBase
{
    [Test]
    public async Task HandleAsync_WordStraddlingTheRangeEnd_IsCountedByTheRangeItStartsIn()
    {
        var path = WriteFile("text.txt", Encoding.UTF8.GetBytes("alpha beta gamma"));

        var first = await WordCountPipeline.HandleAsync(new WordCountUnit(path, 0, 8));
        var second = await WordCountPipeline.HandleAsync(new WordCountUnit(path, 8, 8));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Words, Is.EqualTo(new Dictionary<string, int> { ["alpha"] = 1, ["beta"] = 1 }));
            Assert.That(second.Words, Is.EqualTo(new Dictionary<string, int> { ["gamma"] = 1 }));
        }
    }

    [Test]
    public async Task HandleAsync_RangeStartingOnAContinuationByte_LeavesTheCharacterToThePreviousRange()
    {
        // "é" is C3 A9: the second range starts on A9, inside the word "xé" of the first range.
        var path = WriteFile("text.txt", Encoding.UTF8.GetBytes("xé yz"));

        var first = await WordCountPipeline.HandleAsync(new WordCountUnit(path, 0, 2));
        var second = await WordCountPipeline.HandleAsync(new WordCountUnit(path, 2, 4));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Words, Is.EqualTo(new Dictionary<string, int> { ["xé"] = 1 }));
            Assert.That(second.Words, Is.EqualTo(new Dictionary<string, int> { ["yz"] = 1 }));
        }
    }

    [Test]
    public async Task HandleAsync_EmojiBetweenLetters_SeparatesWordsAsInAWholeFileScan()
    {
        var path = WriteFile("text.txt", Encoding.UTF8.GetBytes("Ab😀cD"));

        var result = await WordCountPipeline.HandleAsync(new WordCountUnit(path, 0, 8));

        Assert.That(result.Words, Is.EqualTo(new Dictionary<string, int> { ["ab"] = 1, ["cd"] = 1 }));
    }

    [Test]
    public async Task HandleAsync_InvalidByteBetweenLetters_SeparatesWords()
    {
        var path = WriteFile("text.bin", [(byte)'a', 0xFF, (byte)'b', 0xC3, (byte)'c']);

        var result = await WordCountPipeline.HandleAsync(new WordCountUnit(path, 0, 5));

        Assert.That(
            result.Words,
            Is.EqualTo(new Dictionary<string, int> { ["a"] = 1, ["b"] = 1, ["c"] = 1 }));
    }

    [Test]
    public async Task HandleAsync_WordsDifferingOnlyInCase_AreCountedAsOneLowercasedWord()
    {
        var path = WriteFile("text.txt", Encoding.UTF8.GetBytes("Word WORD word"));

        var result = await WordCountPipeline.HandleAsync(new WordCountUnit(path, 0, 14));

        Assert.That(result.Words, Is.EqualTo(new Dictionary<string, int> { ["word"] = 3 }));
    }
}
