using System.Text.Json;
using WorkUnits.BuiltInJobs.WordCount;
using WorkUnits.Jobs;
using WorkUnits.JobTypes;

namespace WorkUnits.Tests.BuiltInJobs.WordCount;

/// <summary>
/// Runs split, handle and finalize directly, with no bus; units and results make a JSON round trip on the
/// way, as they do between the orchestrator and the workers.
/// </summary>
internal static class WordCountPipeline
{
    public static async Task<List<SplitUnit<WordCountUnit>>> SplitAsync(
        WordCountParameters parameters,
        string? cursor = null)
    {
        var units = new List<SplitUnit<WordCountUnit>>();

        await foreach (var unit in new WordCountSplitter().SplitAsync(parameters, cursor, CancellationToken.None))
        {
            units.Add(unit);
        }

        return units;
    }

    public static async Task<WordCountUnitResult> HandleAsync(WordCountUnit unit, long unitIndex = 0)
    {
        var sent = RoundTrip(unit);
        var context = new UnitContext(Guid.NewGuid(), unitIndex, attempt: 1, CancellationToken.None);

        var result = await new WordCountHandler().HandleAsync(sent, context);

        return RoundTrip(result);
    }

    public static async Task<PipelineOutcome> RunAsync(WordCountParameters parameters)
    {
        var units = await SplitAsync(parameters);
        var results = new List<UnitResult<WordCountUnitResult>>();
        var tally = new Dictionary<string, long>(StringComparer.Ordinal);

        for (var index = 0; index < units.Count; index++)
        {
            var result = await HandleAsync(units[index].Unit, index);
            results.Add(new UnitResult<WordCountUnitResult>(index, result));

            foreach (var (word, count) in result.Words)
            {
                tally[word] = tally.GetValueOrDefault(word) + count;
            }
        }

        var context = new FinalizeContext(Guid.NewGuid(), units.Count, units.Count, 0, CancellationToken.None);
        var final = await new WordCountFinalizer().FinalizeAsync(parameters, results.ToAsyncEnumerable(), context);

        return new PipelineOutcome(units.Count, tally, RoundTrip(final));
    }

    private static T RoundTrip<T>(T value) =>
        JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, WorkUnitsJson.Options), WorkUnitsJson.Options)!;
}
