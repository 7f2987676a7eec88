using System.Globalization;
using System.Runtime.CompilerServices;
using WorkUnits.Jobs;

namespace WorkUnits.BuiltInJobs.Synthetic;

/// <summary>Produces units 0 to <c>units - 1</c>; the cursor is the index of the next unit.</summary>
public sealed class SyntheticSplitter : IJobSplitter<SyntheticParameters, SyntheticUnit>
{
    /// <inheritdoc />
    public async IAsyncEnumerable<SplitUnit<SyntheticUnit>> SplitAsync(
        SyntheticParameters parameters,
        string? cursor,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);

        var next = cursor is null ? 0 : long.Parse(cursor, CultureInfo.InvariantCulture);

        for (var index = next; index < parameters.Units; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var resumeAt = (index + 1).ToString(CultureInfo.InvariantCulture);
            var unit = new SyntheticUnit(index, parameters.UnitMs, FaultOf(parameters, index));
            yield return new SplitUnit<SyntheticUnit>(unit, resumeAt);
        }

        await Task.CompletedTask;
    }

    private static SyntheticUnitFault FaultOf(SyntheticParameters parameters, long index) =>
        index == parameters.CrashUnit ? SyntheticUnitFault.Crash
        : index == parameters.FailUnit ? SyntheticUnitFault.Throw
        : SyntheticUnitFault.None;
}
