using WorkUnits.Benchmarks;
using WorkUnits.Benchmarks.Measurements;
using WorkUnits.Benchmarks.Reporting;

var settings = BenchmarkSettings.Parse(args);
var startedAt = DateTime.UtcNow;
var machine = await MachineInfo.DescribeAsync(settings);
var results = new List<RunResult>();
var failures = new List<string>();

Console.WriteLine($"Measuring with {settings.WorkUnitsDll}; results go to {settings.OutputDirectory}");

async Task MeasureAsync(string name, string label, Func<Task<RunResult>> measure)
{
    if (!settings.Includes(name))
    {
        return;
    }

    Console.Write($"{DateTime.UtcNow:HH:mm:ss} {label} ... ");
    try
    {
        var result = await measure();
        results.Add(result);
        Console.WriteLine($"{result.Items:N0} in {result.Seconds:N1} s = {result.PerSecond:N0}/s"
            + (result.PeakOrchestratorMb is { } peak ? $", orchestrator peak {peak:N0} MB" : "")
            + (result.PeakWorkerMb is { } worker ? $", worker peak {worker:N0} MB" : ""));
    }
    catch (Exception exception)
    {
        failures.Add($"{label}: {exception.GetType().Name}: {exception.Message}");
        Console.WriteLine($"failed: {exception}");
    }

    await ReportWriter.WriteAsync(settings, machine, results, failures, startedAt);
}

for (var run = 1; run <= settings.Runs; run++)
{
    var current = run;
    await MeasureAsync(RawClientMeasurement.Name, $"run {run}: raw client", () => RawClientMeasurement.RunAsync(settings, current));
    await MeasureAsync(MassTransitMeasurement.Name, $"run {run}: MassTransit", () => MassTransitMeasurement.RunAsync(settings, current));
    foreach (var workers in settings.WorkerCounts)
    {
        await MeasureAsync(
            WorkUnitsMeasurement.EndToEnd,
            $"run {run}: WorkUnits, {workers} worker(s)",
            () => WorkUnitsMeasurement.RunEndToEndAsync(settings, workers, current));
    }

    await MeasureAsync(WorkUnitsMeasurement.Tracking, $"run {run}: tracking", () => WorkUnitsMeasurement.RunTrackingAsync(settings, current));
    if (run <= settings.PeerRuns)
    {
        await MeasureAsync(JobConsumerMeasurement.Name, $"run {run}: MassTransit job consumers", () => JobConsumerMeasurement.RunAsync(settings, current));
        await MeasureAsync(HangfireMeasurement.Name, $"run {run}: Hangfire", () => HangfireMeasurement.RunAsync(settings, current));
    }
}

await MeasureAsync(WorkUnitsMeasurement.Split, "split", () => WorkUnitsMeasurement.RunSplitAsync(settings, 1));

Console.WriteLine($"Report: {Path.Combine(settings.OutputDirectory, "report.md")}");
return failures.Count == 0 ? 0 : 1;
