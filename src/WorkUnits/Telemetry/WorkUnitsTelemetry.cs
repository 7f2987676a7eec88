using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace WorkUnits.Telemetry;

/// <summary>
/// The names under which WorkUnits reports traces and metrics, for an OpenTelemetry setup:
/// <c>AddSource(WorkUnitsTelemetry.SourceName)</c> and <c>AddMeter(WorkUnitsTelemetry.MeterName)</c>.
/// </summary>
public static class WorkUnitsTelemetry
{
    /// <summary>The activity source of dispatch and unit spans.</summary>
    public const string SourceName = "WorkUnits";

    /// <summary>The meter of unit and job instruments.</summary>
    public const string MeterName = "WorkUnits";

    /// <summary>The tag carrying a job's id on spans.</summary>
    public const string JobIdTag = "workunits.job_id";

    /// <summary>The tag carrying a unit's index on spans.</summary>
    public const string UnitIndexTag = "workunits.unit_index";

    /// <summary>The tag carrying a job type's name on spans and measurements.</summary>
    public const string JobTypeTag = "workunits.job_type";

    internal static readonly ActivitySource Source = new(SourceName);

    internal static readonly Meter Meter = new(MeterName);

    internal static readonly Counter<long> UnitsStarted =
        Meter.CreateCounter<long>("workunits.units.started", "{unit}", "Unit attempts a worker started.");

    internal static readonly Counter<long> UnitsSucceeded =
        Meter.CreateCounter<long>("workunits.units.succeeded", "{unit}", "Unit attempts that succeeded.");

    internal static readonly Counter<long> UnitsFailed =
        Meter.CreateCounter<long>("workunits.units.failed", "{unit}", "Unit attempts that failed.");

    internal static readonly UpDownCounter<long> UnitsInFlight =
        Meter.CreateUpDownCounter<long>("workunits.units.in_flight", "{unit}", "Units a worker is running now.");

    internal static readonly Histogram<double> UnitDuration =
        Meter.CreateHistogram<double>("workunits.unit.duration", "s", "How long a worker spent on a unit message.");

    internal static readonly Histogram<double> JobDuration =
        Meter.CreateHistogram<double>("workunits.job.duration", "s", "From acceptance to a job's final state.");
}
