using System.Globalization;
using System.Runtime.CompilerServices;
using WorkUnits.Jobs;

namespace WorkUnits.Testing;

/// <summary>The parameters of a test job whose units are numbered: <c>{"units": N}</c>.</summary>
/// <param name="Units">How many units the job has.</param>
public sealed record CountingParameters(long Units);

/// <summary>
/// Splits a test job into units 0 to <c>units - 1</c>, each unit's payload its number; the cursor is the next
/// unit's number, so a resumed split neither skips nor repeats a unit.
/// </summary>
public sealed class CountingSplitter : IJobSplitter<CountingParameters, long>
{
    /// <inheritdoc />
    public async IAsyncEnumerable<SplitUnit<long>> SplitAsync(
        CountingParameters parameters,
        string? cursor,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var first = cursor is null ? 0 : long.Parse(cursor, CultureInfo.InvariantCulture);
        for (var index = first; index < parameters.Units; index++)
        {
            yield return new SplitUnit<long>(index, (index + 1).ToString(CultureInfo.InvariantCulture));
        }

        await Task.CompletedTask;
    }
}
