using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Logging;
using WorkUnits.Contracts;

namespace WorkUnits.Telemetry;

/// <summary>
/// Wraps every unit a worker consumes: the job id and unit index become log-scope properties and span tags,
/// and the unit is counted as started, in flight, and timed.
/// </summary>
internal sealed class UnitTelemetryFilter : IFilter<ConsumeContext>
{
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    public UnitTelemetryFilter(ILogger logger, TimeProvider timeProvider)
    {
        _logger = logger;
        _timeProvider = timeProvider;
    }

    public async Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        if (!context.TryGetMessage<ExecuteUnit>(out var consumeContext))
        {
            await next.Send(context);
            return;
        }

        var unit = consumeContext.Message;
        var jobType = new KeyValuePair<string, object?>(WorkUnitsTelemetry.JobTypeTag, unit.JobType);

        using var scope = _logger.BeginScope(new Dictionary<string, object>
        {
            ["JobId"] = unit.JobId,
            ["UnitIndex"] = unit.UnitIndex,
            ["Attempt"] = unit.Attempt,
        });
        Activity.Current?
            .SetTag(WorkUnitsTelemetry.JobIdTag, unit.JobId)
            .SetTag(WorkUnitsTelemetry.UnitIndexTag, unit.UnitIndex)
            .SetTag(WorkUnitsTelemetry.JobTypeTag, unit.JobType);

        WorkUnitsTelemetry.UnitsStarted.Add(1, jobType);
        WorkUnitsTelemetry.UnitsInFlight.Add(1, jobType);
        var started = _timeProvider.GetTimestamp();
        try
        {
            await next.Send(context);
        }
        finally
        {
            WorkUnitsTelemetry.UnitsInFlight.Add(-1, jobType);
            WorkUnitsTelemetry.UnitDuration.Record(_timeProvider.GetElapsedTime(started).TotalSeconds, jobType);
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("workUnitsUnitTelemetry");
}
