using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using WorkUnits.Contracts;
using WorkUnits.Telemetry;

namespace WorkUnits.Tests.Telemetry;

[TestFixture]
[NonParallelizable]
public sealed class UnitOutcomeMetricsTests
{
    [Test]
    public async Task PostSend_BatchOfOutcomes_CountsEachOutcomeInIt()
    {
        using var listener = new MeterListener();
        var measurements = new ConcurrentQueue<(string Name, long Value)>();
        listener.InstrumentPublished = (instrument, meters) =>
        {
            if (instrument.Meter.Name == WorkUnitsTelemetry.MeterName)
            {
                meters.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            measurements.Enqueue((instrument.Name, value)));
        listener.Start();
        await using var services = new ServiceCollection()
            .AddMassTransitTestHarness(bus => bus.AddSendObserver<UnitOutcomeMetrics>())
            .BuildServiceProvider(validateScopes: true);
        var harness = services.GetRequiredService<ITestHarness>();
        await harness.Start();
        var jobId = Guid.NewGuid();
        var batch = new UnitsEnded(
            [new UnitCompleted(jobId, 0, 1, "1"), new UnitCompleted(jobId, 1, 1, "2")],
            [
                new UnitFailed(jobId, 2, 1, "System.IO.IOException", "flaky", "a"),
                new UnitFailed(jobId, 3, 1, "System.IO.IOException", "flaky", "a"),
                new UnitFailed(jobId, 4, 1, "System.IO.IOException", "flaky", "a"),
            ]);

        var outcomes = await harness.Bus.GetSendEndpoint(new Uri($"queue:{WorkUnitsQueues.Outcomes}"));
        await outcomes.Send(batch);
        await outcomes.Send(new UnitCompleted(jobId, 5, 1, "3"));
        await harness.Stop();

        long Sum(string name) => measurements.Where(m => m.Name == name).Sum(m => m.Value);
        Assert.That(Sum("workunits.units.succeeded"), Is.EqualTo(3));
        Assert.That(Sum("workunits.units.failed"), Is.EqualTo(3));
    }
}
