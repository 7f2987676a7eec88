using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using WorkUnits.BuiltInJobs.WordCount;
using WorkUnits.Jobs;
using WorkUnits.JobTypes;

namespace WorkUnits.Tests.BuiltInJobs.WordCount;

public sealed class WordCountRuntimeTests : WordCountFixtureBase
{
    [Test]
    public async Task Runtime_DirectoryDrivenThroughJson_MatchesWholeFileCount()
    {
        var files = new[]
        {
            WriteFile("one.txt", TextGenerator.Generate(21, 400, withInvalidBytes: true)),
            WriteFile("sub/two.txt", Encoding.UTF8.GetBytes("Zwei zwei ZWEI drei")),
        };
        var submitted = JsonSerializer.SerializeToElement(new { path = Root, top = 5, rangeBytes = 16 });

        var json = await RunAsync(submitted);

        var expected = ReferenceWordCounter.Count(files.Select(File.ReadAllBytes));
        var expectedTop = ReferenceWordCounter.Top(expected, 5);
        var expectedJson = JsonSerializer.Serialize(new
        {
            totalWords = expected.Values.Sum(),
            distinctWords = expected.Count,
            top = expectedTop.Select(entry => new { word = entry.Word, count = entry.Count }),
        });
        Assert.That(json?.GetRawText(), Is.EqualTo(expectedJson));
    }

    /// <summary>Drives the job type with JSON strings only, as the orchestrator and the workers do.</summary>
    private static async Task<JsonElement?> RunAsync(JsonElement submitted)
    {
        var runtime = JobTypeFactory.Create(
            "wordcount",
            typeof(WordCountSplitter),
            typeof(WordCountHandler),
            typeof(WordCountFinalizer));
        using var services = new ServiceCollection().BuildServiceProvider();
        var (parameters, _) = runtime.CheckParameters(submitted);

        var results = new List<StoredUnitResult>();
        await foreach (var item in runtime.SplitAsync(services, parameters!, null, CancellationToken.None))
        {
            var context = new UnitContext(Guid.NewGuid(), results.Count, attempt: 1, CancellationToken.None);
            var result = await runtime.HandleAsync(services, item.Payload, context);
            results.Add(new StoredUnitResult(results.Count, result));
        }

        var jobContext = new FinalizeContext(Guid.NewGuid(), results.Count, results.Count, 0, CancellationToken.None);

        return await runtime.FinalizeAsync(services, parameters!, results.ToAsyncEnumerable(), jobContext);
    }
}
