using System.Runtime.InteropServices;
using WorkUnits.Jobs;

namespace WorkUnits.BuiltInJobs.WordCount;

/// <summary>
/// Adds up the word counts of every range into one running tally, then reports the totals and the most
/// frequent words. Only the tally is held, not the streamed unit results.
/// </summary>
public sealed class WordCountFinalizer : IJobFinalizer<WordCountParameters, WordCountUnitResult, WordCountResult>
{
    /// <inheritdoc />
    public async Task<WordCountResult> FinalizeAsync(
        WordCountParameters parameters,
        IAsyncEnumerable<UnitResult<WordCountUnitResult>> results,
        FinalizeContext context)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(context);

        var tally = new Dictionary<string, long>(StringComparer.Ordinal);
        var total = 0L;

        await foreach (var result in results.WithCancellation(context.CancellationToken))
        {
            foreach (var (word, count) in result.Value.Words)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(tally, word, out _) += count;
                total += count;
            }
        }

        var top = tally
            .OrderByDescending(entry => entry.Value)
            .ThenBy(entry => entry.Key, StringComparer.Ordinal)
            .Take(parameters.Top)
            .Select(entry => new WordFrequency(entry.Key, entry.Value))
            .ToList();

        return new WordCountResult(total, tally.Count, top);
    }
}
