using NUnit.Framework;
using WorkUnits.BuiltInJobs.WordCount;
using WorkUnits.Jobs;

namespace WorkUnits.Tests.BuiltInJobs.WordCount;

public sealed class WordCountFinalizerTests
{
    [Test]
    public async Task FinalizeAsync_SeveralUnits_SumsTheirCounts()
    {
        var results = Results(
            new() { ["b"] = 2, ["a"] = 1 },
            new() { ["a"] = 4, ["c"] = 1 });

        var result = await FinalizeAsync(results, top: 20);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.TotalWords, Is.EqualTo(8));
            Assert.That(result.DistinctWords, Is.EqualTo(3));
            Assert.That(result.Top, Is.EqualTo(new[]
            {
                new WordFrequency("a", 5),
                new WordFrequency("b", 2),
                new WordFrequency("c", 1),
            }));
        }
    }

    [Test]
    public async Task FinalizeAsync_TiedCounts_OrdersTiesByOrdinalWordOrder()
    {
        var results = Results(
            new() { ["zeta"] = 3, ["émile"] = 3, ["beta"] = 1 },
            new() { ["alpha"] = 2, ["Zed"] = 2 },
            new() { ["alpha"] = 1, ["Zed"] = 1 });

        var result = await FinalizeAsync(results, top: 4);

        Assert.That(result.Top, Is.EqualTo(new[]
        {
            new WordFrequency("Zed", 3),
            new WordFrequency("alpha", 3),
            new WordFrequency("zeta", 3),
            new WordFrequency("émile", 3),
        }));
    }

    [Test]
    public async Task FinalizeAsync_MoreWordsThanTop_ListsOnlyTheTopWords()
    {
        var results = Results(new Dictionary<string, int> { ["a"] = 1, ["b"] = 2, ["c"] = 3 });

        var result = await FinalizeAsync(results, top: 1);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Top, Is.EqualTo(new[] { new WordFrequency("c", 3) }));
            Assert.That(result.DistinctWords, Is.EqualTo(3));
        }
    }

    [Test]
    public async Task FinalizeAsync_NoUnits_ReportsNoWords()
    {
        var result = await FinalizeAsync(Results(), top: 20);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.TotalWords, Is.Zero);
            Assert.That(result.DistinctWords, Is.Zero);
            Assert.That(result.Top, Is.Empty);
        }
    }

    private static List<UnitResult<WordCountUnitResult>> Results(params Dictionary<string, int>[] units) =>
        [.. units.Select((words, index) => new UnitResult<WordCountUnitResult>(index, new(words)))];

    private static Task<WordCountResult> FinalizeAsync(List<UnitResult<WordCountUnitResult>> results, int top)
    {
        var parameters = new WordCountParameters { Path = ".", Top = top };
        var context = new FinalizeContext(Guid.NewGuid(), results.Count, results.Count, 0, CancellationToken.None);

        return new WordCountFinalizer().FinalizeAsync(parameters, results.ToAsyncEnumerable(), context);
    }
}
