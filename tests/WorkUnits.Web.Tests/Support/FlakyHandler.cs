using WorkUnits.Jobs;

namespace WorkUnits.Web.Tests.Support;

/// <summary>Works a while, then throws for the units marked to fail, all with one cause.</summary>
public sealed class FlakyHandler : IUnitHandler<FlakyUnit, long>
{
    public const string FailureMessage = "The flaky unit could not read its input";

    public async Task<long> HandleAsync(FlakyUnit unit, UnitContext context)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(context);

        if (unit.UnitMs > 0)
        {
            await Task.Delay(unit.UnitMs, context.CancellationToken);
        }

        return unit.Fails ? throw new InvalidDataException($"{FailureMessage} (unit {unit.Index}).") : unit.Index;
    }
}
