using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NUnit.Framework;
using WorkUnits.BuiltInJobs;
using WorkUnits.Contracts;
using WorkUnits.Telemetry;

namespace WorkUnits.Tests.Telemetry;

[TestFixture]
[NonParallelizable]
public sealed class TelemetryTests
{
    private const long Units = 120;

    [Test]
    public async Task SyntheticJob_Embedded_CountsEveryUnitAndPutsAJobsUnitsInOneTrace()
    {
        using var meters = new MeasurementRecorder();
        using var spans = new SpanRecorder();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddWorkUnits(builder.Configuration, workUnits => workUnits.AddBuiltInJobTypes());
        using var host = builder.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<WorkUnitsClient>();

        var accepted = await client.SubmitAsync(new SubmitJob
        {
            JobType = BuiltInJobTypes.Synthetic,
            Parameters = JsonSerializer.SerializeToElement(new { units = Units }),
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var status = await client.WaitAsync(accepted.JobId, TimeSpan.FromMilliseconds(50), null, timeout.Token);
        await host.StopAsync();

        var dispatches = spans.Completed.Where(span => span.Source.Name == WorkUnitsTelemetry.SourceName).ToList();
        var unitSpans = spans.Completed
            .Where(span => span.GetTagItem(WorkUnitsTelemetry.UnitIndexTag) is not null)
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(status.State, Is.EqualTo("completed"));
            Assert.That(meters.Sum("workunits.units.started"), Is.EqualTo(Units));
            Assert.That(meters.Sum("workunits.units.succeeded"), Is.EqualTo(Units));
            Assert.That(meters.Sum("workunits.units.failed"), Is.Zero);
            Assert.That(meters.Sum("workunits.units.in_flight"), Is.Zero);
            Assert.That(meters.Count("workunits.unit.duration"), Is.EqualTo(Units));
            Assert.That(meters.Count("workunits.job.duration"), Is.EqualTo(1));
            Assert.That(dispatches, Is.Not.Empty);
            Assert.That(
                dispatches.Select(span => span.GetTagItem(WorkUnitsTelemetry.JobIdTag)),
                Has.All.EqualTo(accepted.JobId));
            Assert.That(unitSpans, Has.Count.EqualTo(Units));
            Assert.That(
                unitSpans.Select(span => span.TraceId).Distinct(),
                Is.EquivalentTo(dispatches.Select(span => span.TraceId).Distinct()));
        });
    }

    /// <summary>Collects the measurements of WorkUnits' instruments while it lives.</summary>
    private sealed class MeasurementRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Name, double Value)> _measurements = new();

        public MeasurementRecorder()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == WorkUnitsTelemetry.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>(
                (instrument, value, _, _) => _measurements.Enqueue((instrument.Name, value)));
            _listener.SetMeasurementEventCallback<double>(
                (instrument, value, _, _) => _measurements.Enqueue((instrument.Name, value)));
            _listener.Start();
        }

        public double Sum(string name) => _measurements.Where(m => m.Name == name).Sum(m => m.Value);

        public int Count(string name) => _measurements.Count(m => m.Name == name);

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>Collects the spans of WorkUnits and MassTransit while it lives.</summary>
    private sealed class SpanRecorder : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly ConcurrentQueue<Activity> _completed = new();

        public SpanRecorder()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name is WorkUnitsTelemetry.SourceName or "MassTransit",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = _completed.Enqueue,
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public IReadOnlyList<Activity> Completed => [.. _completed];

        public void Dispose() => _listener.Dispose();
    }
}
