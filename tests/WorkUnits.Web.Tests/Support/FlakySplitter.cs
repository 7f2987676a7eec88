using System.Globalization;
using System.Runtime.CompilerServices;
using WorkUnits.Jobs;

namespace WorkUnits.Web.Tests.Support;

/// <summary>Splits the <c>flaky</c> job into its units, marking which of them fail.</summary>
public sealed class FlakySplitter : IJobSplitter<FlakyParameters, FlakyUnit>
{
    public async IAsyncEnumerable<SplitUnit<FlakyUnit>> SplitAsync(
        FlakyParameters parameters,
        string? cursor,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);

        var next = cursor is null ? 0 : long.Parse(cursor, CultureInfo.InvariantCulture);
        for (var index = next; index < parameters.Units; index++)
        {
            var fails = parameters.FailEvery > 0 && index % parameters.FailEvery == 0;
            var unit = new FlakyUnit(index, fails, parameters.UnitMs);
            yield return new SplitUnit<FlakyUnit>(unit, (index + 1).ToString(CultureInfo.InvariantCulture));
        }

        await Task.CompletedTask;
    }
}
