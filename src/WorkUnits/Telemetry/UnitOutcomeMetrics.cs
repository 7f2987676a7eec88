using MassTransit;
using WorkUnits.Contracts;

namespace WorkUnits.Telemetry;

/// <summary>Counts the outcomes a worker sends: a unit attempt succeeded or failed once its outcome is on its way.</summary>
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
        }

        return Task.CompletedTask;
    }

    public Task SendFault<T>(SendContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;
}
