using WorkUnits.Jobs;

namespace WorkUnits.BuiltInJobs.Synthetic;

/// <summary>Counts and sums the unit results, so that a lost or doubly counted unit shows in the result.</summary>
public sealed class SyntheticFinalizer : IJobFinalizer<SyntheticParameters, long, SyntheticResult>
{
    /// <inheritdoc />
    public async Task<SyntheticResult> FinalizeAsync(
        SyntheticParameters parameters,
        IAsyncEnumerable<UnitResult<long>> results,
        FinalizeContext context)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(context);

        var (count, sum) = (0L, 0L);
        await foreach (var result in results.WithCancellation(context.CancellationToken))
        {
            count++;
            sum += result.Value;
        }

        return new SyntheticResult(count, sum);
    }
}
