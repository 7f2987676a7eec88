using System.Diagnostics.Metrics;
using MassTransit;
using WorkUnits.Contracts;

namespace WorkUnits.Telemetry;

/// <summary>
/// Counts the outcomes a worker sends: a unit attempt succeeded or failed once its outcome is on its way, whether
/// alone or in a <see cref="UnitsEnded"/> batch.
/// </summary>
internal sealed class UnitOutcomeMetrics : ISendObserver
{
    public Task PreSend<T>(SendContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostSend<T>(SendContext<T> context)
        where T : class
    {
        switch (context.Message)
        {
            case UnitCompleted:
                WorkUnitsTelemetry.UnitsSucceeded.Add(1);
                break;
            case UnitFailed:
                WorkUnitsTelemetry.UnitsFailed.Add(1);
                break;
            case UnitsEnded batch:
                AddIfAny(WorkUnitsTelemetry.UnitsSucceeded, batch.Completed.Count);
                AddIfAny(WorkUnitsTelemetry.UnitsFailed, batch.Failed.Count);
                break;
        }

        return Task.CompletedTask;
    }

    private static void AddIfAny(Counter<long> counter, int count)
    {
        if (count > 0)
        {
            counter.Add(count);
        }
    }

    public Task SendFault<T>(SendContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;
}
