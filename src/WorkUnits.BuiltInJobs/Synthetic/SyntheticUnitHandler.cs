using WorkUnits.Jobs;

namespace WorkUnits.BuiltInJobs.Synthetic;

/// <summary>Waits <c>unitMs</c> and returns the unit's index.</summary>
public sealed class SyntheticUnitHandler : IUnitHandler<SyntheticUnit, long>
{
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the handler.</summary>
    /// <param name="timeProvider">The clock the simulated work waits on.</param>
    public SyntheticUnitHandler(TimeProvider timeProvider) => _timeProvider = timeProvider;

    /// <inheritdoc />
    public async Task<long> HandleAsync(SyntheticUnit unit, UnitContext context)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(context);

        if (unit.UnitMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(unit.UnitMs), _timeProvider, context.CancellationToken);
        }

        return unit.Index;
    }
}
