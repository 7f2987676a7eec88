using Microsoft.Extensions.Options;
using WorkUnits.Jobs;

namespace WorkUnits.BuiltInJobs.Synthetic;

/// <summary>
/// Waits <c>unitMs</c> and returns the unit's index, unless the unit is one of the job's test faults.
/// </summary>
public sealed class SyntheticUnitHandler : IUnitHandler<SyntheticUnit, long>
{
    private readonly TimeProvider _timeProvider;
    private readonly SyntheticOptions _options;

    /// <summary>Creates the handler.</summary>
    /// <param name="timeProvider">The clock the simulated work waits on.</param>
    /// <param name="options">Whether a crash unit may end this process.</param>
    public SyntheticUnitHandler(TimeProvider timeProvider, IOptions<SyntheticOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);

        _timeProvider = timeProvider;
        _options = options.Value;
    }

    /// <inheritdoc />
    public async Task<long> HandleAsync(SyntheticUnit unit, UnitContext context)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(context);

        if (unit.UnitMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(unit.UnitMs), _timeProvider, context.CancellationToken);
        }

        switch (unit.Fault)
        {
            case SyntheticUnitFault.Throw:
                throw new InvalidOperationException(
                    $"Synthetic unit {unit.Index} is the job's failUnit: it fails on every attempt (attempt "
                    + $"{context.Attempt}).");

            case SyntheticUnitFault.Crash when _options.AllowCrashUnit:
                Environment.FailFast(
                    $"Synthetic unit {unit.Index} of job {context.JobId} is the job's crashUnit: ending this worker "
                    + "process, as WorkUnits:Synthetic:AllowCrashUnit allows.");
                break;

            case SyntheticUnitFault.Crash:
                throw new PermanentUnitFailureException(
                    $"Synthetic unit {unit.Index} is the job's crashUnit, but this worker does not allow crashes: "
                    + "set WorkUnits:Synthetic:AllowCrashUnit=true (WorkUnits__Synthetic__AllowCrashUnit=true) on "
                    + "the worker to let the unit end its process.");
        }

        return unit.Index;
    }
}
