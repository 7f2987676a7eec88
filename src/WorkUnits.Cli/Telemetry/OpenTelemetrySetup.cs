using MassTransit.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using WorkUnits.Telemetry;

namespace WorkUnits.Cli.Telemetry;

/// <summary>
/// Exports traces and metrics over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set: WorkUnits' own
/// dispatch and unit spans and instruments, and MassTransit's send and consume spans, which carry the trace
/// from a submit through the saga to every unit of the job.
/// </summary>
internal static class OpenTelemetrySetup
{
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IServiceCollection AddWorkUnitsOpenTelemetry(
        this IServiceCollection services,
        IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration[EndpointKey]))
        {
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                serviceName: configuration["OTEL_SERVICE_NAME"] ?? "workunits",
                serviceInstanceId: Environment.MachineName))
            .WithTracing(tracing => tracing
                .AddSource(WorkUnitsTelemetry.SourceName)
                .AddSource(DiagnosticHeaders.DefaultListenerName))
            .WithMetrics(metrics => metrics
                .AddMeter(WorkUnitsTelemetry.MeterName)
                .AddMeter(DiagnosticHeaders.DefaultListenerName))
            .UseOtlpExporter();

        return services;
    }
}
