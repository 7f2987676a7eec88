using System.Globalization;
using System.Text;
using WorkUnits.Benchmarks.Measurements;

namespace WorkUnits.Benchmarks.Reporting;

/// <summary>Writes report.md, results.csv, samples.csv and throughput.svg into the results folder.</summary>
internal static class ReportWriter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task WriteAsync(
        BenchmarkSettings settings,
        IReadOnlyList<(string Name, string Value)> machine,
        IReadOnlyList<RunResult> results,
        IReadOnlyList<string> failures,
        DateTime startedAt)
    {
        Directory.CreateDirectory(settings.OutputDirectory);
        var groups = results
            .GroupBy(result => (result.Measurement, result.Variant))
            .Select(group => new Group(group.Key.Measurement, group.Key.Variant, [.. group.OrderBy(r => r.PerSecond)]))
            .ToList();

        await File.WriteAllTextAsync(Path.Combine(settings.OutputDirectory, "results.csv"), Csv(results));
        await File.WriteAllTextAsync(Path.Combine(settings.OutputDirectory, "samples.csv"), SamplesCsv(results));

        var plotted = groups
            .Where(group => group.Measurement != WorkUnitsMeasurement.Split)
            .Select(group => ($"{group.Measurement} ({group.Variant})", group.Median.Samples))
            .ToList();
        await File.WriteAllTextAsync(
            Path.Combine(settings.OutputDirectory, "throughput.svg"),
            SvgPlot.Draw($"Throughput over time, N = {settings.Units:N0} (median run of each)", plotted));

        var split = groups.Where(group => group.Measurement == WorkUnitsMeasurement.Split)
            .Select(group => ($"dispatched ({group.Variant})", group.Median.Samples))
            .ToList();
        if (split.Count > 0)
        {
            await File.WriteAllTextAsync(
                Path.Combine(settings.OutputDirectory, "split.svg"),
                SvgPlot.Draw("Split: units dispatched per second", split));
        }

        await File.WriteAllTextAsync(
            Path.Combine(settings.OutputDirectory, "report.md"),
            Markdown(settings, machine, groups, failures, startedAt));
    }

    private static string Markdown(
        BenchmarkSettings settings,
        IReadOnlyList<(string Name, string Value)> machine,
        List<Group> groups,
        IReadOnlyList<string> failures,
        DateTime startedAt)
    {
        var md = new StringBuilder();
        md.AppendLine("# WorkUnits benchmark");
        md.AppendLine();
        var peerRuns = settings.PeerRuns < settings.Runs ? $" ({settings.PeerRuns} of each peer)" : "";
        md.AppendLine(Invariant, $"Started {startedAt:yyyy-MM-dd HH:mm} UTC, N = {settings.Units:N0}, peers N = {settings.PeerUnits:N0}, "
            + $"{settings.Runs} run(s) of each{peerRuns}; figures are medians. Reproduce with:");
        md.AppendLine();
        md.AppendLine("```sh");
        md.AppendLine("export RabbitMq__Url=... Postgres__ConnectionString=...   # the same services as the tests");
        md.AppendLine(settings.CommandLine);
        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine("## Machine");
        md.AppendLine();
        md.AppendLine("| | |");
        md.AppendLine("|---|---|");
        foreach (var (name, value) in machine)
        {
            md.AppendLine(Invariant, $"| {name} | {value} |");
        }

        md.AppendLine();
        md.AppendLine("Broker, database, the benchmark and every measured process share this machine. It was also shared "
            + "with other engineers building and running tests during the run, so absolute figures are noisy; the "
            + "ratios between measurements taken in the same run are what count.");
        md.AppendLine();

        md.AppendLine("## Targets");
        md.AppendLine();
        md.AppendLine("| target | measured | verdict |");
        md.AppendLine("|---|---|---|");
        foreach (var line in Targets(groups))
        {
            md.AppendLine(line);
        }

        md.AppendLine();
        md.AppendLine("Where a target is missed, [benchmarks/FINDINGS.md](../../FINDINGS.md) says where the time goes and why.");
        md.AppendLine();
        md.AppendLine("## Results");
        md.AppendLine();
        md.AppendLine("| measurement | variant | items | median s | median items/s | all runs items/s | other rates | peak orchestrator MB | peak worker MB | notes |");
        md.AppendLine("|---|---|---:|---:|---:|---|---|---:|---:|---|");
        foreach (var group in groups)
        {
            var median = group.Median;
            var runs = string.Join(", ", group.Runs.Select(r => r.PerSecond.ToString("N0", Invariant)));
            var extra = string.Join(", ", median.Extra.Select(pair => $"{pair.Key} {pair.Value.ToString("N0", Invariant)}"));
            md.AppendLine(Invariant,
                $"| {group.Measurement} | {group.Variant} | {median.Items:N0} | {median.Seconds:N1} | {median.PerSecond:N0} | {runs} | {extra} | {Mb(group.Runs.Max(r => r.PeakOrchestratorMb))} | {Mb(group.Runs.Max(r => r.PeakWorkerMb))} | {median.Note} |");
        }

        foreach (var failure in failures)
        {
            md.AppendLine();
            md.AppendLine(Invariant, $"- Failed: {failure}");
        }

        md.AppendLine();
        md.AppendLine("![throughput over time](throughput.svg)");
        md.AppendLine();
        if (groups.Any(group => group.Measurement == WorkUnitsMeasurement.Split))
        {
            md.AppendLine("![split dispatch over time](split.svg)");
            md.AppendLine();
        }

        md.AppendLine("## What each measurement is");
        md.AppendLine();
        md.AppendLine("1. **raw-client**: RabbitMQ.Client publishes N persistent 1 KB messages with publisher confirms "
            + "(1,000 outstanding) to a classic durable queue while a consumer on another connection acks each one "
            + "(prefetch 256); from the first publish to the last ack. This is the limit the broker allows here.");
        md.AppendLine("2. **masstransit**: a plain MassTransit consumer over N messages shaped like `ExecuteUnit`, sent "
            + "through MassTransit to a classic queue; from the first send to the last consume.");
        md.AppendLine("3. **workunits**: `workunits submit synthetic --param units=N --param unitMs=0` against an "
            + "orchestrator process and 1, 2 or 4 worker processes (`workunits run --role ...`), state in PostgreSQL; "
            + "the time is the job's `created_at` to `ended_at` (submit to `completed`, finalize included).");
        md.AppendLine("4. **tracking**: one job's N units are dispatched to a queue no worker reads; the orchestrator is "
            + "paused (SIGSTOP), the N completions are queued for it the way workers send them, as `UnitsEnded` "
            + "messages of 200 outcomes each (the default `WorkUnits:Worker:OutcomeBatchSize`), and completions "
            + "recorded per second are timed from resuming it until the store counts all N.");
        md.AppendLine("5. **split**: a job of 1,000,000 units with a dispatch window of 100,000 and one worker: units "
            + "dispatched per second, and the peak resident memory (VmHWM) of the orchestrator and the worker.");
        md.AppendLine("6. **masstransit-jobs**: MassTransit job consumers (`IJobConsumer`, core package) running N no-op jobs. "
            + "They need a message scheduler and this RabbitMQ has no delayed-message plugin, so they run on the "
            + "in-memory transport with in-memory saga repositories: their best case, with no broker and no database. "
            + "**hangfire**: Hangfire 1.8 with Hangfire.PostgreSql 1.21 running N no-op background jobs in-process.");
        md.AppendLine();
        md.AppendLine("Raw data: [results.csv](results.csv) (one line per run) and [samples.csv](samples.csv) (progress "
            + "every 250 ms). Each measurement runs on its own fresh RabbitMQ virtual host and PostgreSQL database.");
        return md.ToString();
    }

    private static IEnumerable<string> Targets(List<Group> groups)
    {
        Group? Find(string measurement, string? variant = null) =>
            groups.FirstOrDefault(g => g.Measurement == measurement && (variant is null || g.Variant == variant));

        var raw = Find(RawClientMeasurement.Name);
        var workUnits = groups.Where(g => g.Measurement == WorkUnitsMeasurement.EndToEnd).ToList();
        var best = workUnits.OrderByDescending(g => g.Median.PerSecond).FirstOrDefault();

        if (raw is not null)
        {
            foreach (var group in workUnits)
            {
                yield return Ratio($"workunits ({group.Variant}) ≥ 0.5× raw-client", group, raw, 0.5);
            }
        }

        foreach (var peer in new[] { JobConsumerMeasurement.Name, HangfireMeasurement.Name })
        {
            if (Find(peer) is { } found && best is not null)
            {
                yield return Ratio($"workunits (best: {best.Variant}) ≥ 5× {peer}", best, found, 5);
            }
        }

        if (Find(WorkUnitsMeasurement.Tracking) is { } tracking)
        {
            var rate = tracking.Median.PerSecond;
            yield return Row("tracking ≥ 20,000 completions/s for one job", $"{rate:N0}/s", rate >= 20_000, rate / 20_000);
        }

        if (Find(WorkUnitsMeasurement.Split) is { } split)
        {
            var peak = split.Runs.Max(r => r.PeakOrchestratorMb) ?? 0;
            yield return Row(
                "orchestrator peak memory < 300 MB during the 1,000,000-unit split",
                $"{peak:N0} MB (worker {split.Runs.Max(r => r.PeakWorkerMb) ?? 0:N0} MB); {split.Median.PerSecond:N0} units/s dispatched",
                peak < 300,
                300 / Math.Max(peak, 1));
        }

        if (Find(WorkUnitsMeasurement.EndToEnd, "1 worker") is { } one && Find(WorkUnitsMeasurement.EndToEnd, "2 workers") is { } two)
        {
            yield return Ratio("2 worker processes ≥ 1 worker process", two, one, 1);
        }

        if (raw is not null && Find(MassTransitMeasurement.Name) is { } mt)
        {
            yield return $"| (context) masstransit vs raw-client | {mt.Median.PerSecond.ToString("N0", Invariant)} / {raw.Median.PerSecond.ToString("N0", Invariant)} = {(mt.Median.PerSecond / raw.Median.PerSecond).ToString("0.00", Invariant)}× | |";
        }
    }

    private static string Ratio(string target, Group measured, Group baseline, double needed)
    {
        var ratio = measured.Median.PerSecond / baseline.Median.PerSecond;
        return Row(
            target,
            $"{measured.Median.PerSecond.ToString("N0", Invariant)} / {baseline.Median.PerSecond.ToString("N0", Invariant)} = {ratio.ToString("0.00", Invariant)}×",
            ratio >= needed,
            ratio / needed);
    }

    private static string Row(string target, string measured, bool met, double fraction) =>
        met
            ? $"| {target} | {measured} | met |"
            : $"| {target} | {measured} | **missed**, at {(fraction * 100).ToString("0", Invariant)}% of the target |";

    private static string Mb(double? value) => value is { } mb && mb > 0 ? mb.ToString("N0", Invariant) : "";

    private static string Csv(IReadOnlyList<RunResult> results)
    {
        var csv = new StringBuilder("measurement,variant,run,items,seconds,items_per_second,peak_orchestrator_mb,peak_worker_mb,other_rates,note\n");
        foreach (var r in results)
        {
            var extra = string.Join("; ", r.Extra.Select(pair => $"{pair.Key}={pair.Value.ToString("F0", Invariant)}"));
            csv.AppendLine(Invariant,
                $"{r.Measurement},{Quote(r.Variant)},{r.Run},{r.Items},{r.Seconds:F3},{r.PerSecond:F1},{r.PeakOrchestratorMb:F1},{r.PeakWorkerMb:F1},{Quote(extra)},{Quote(r.Note)}");
        }

        return csv.ToString();
    }

    private static string SamplesCsv(IReadOnlyList<RunResult> results)
    {
        var csv = new StringBuilder("measurement,variant,run,seconds,done\n");
        foreach (var r in results)
        {
            foreach (var sample in r.Samples)
            {
                csv.AppendLine(Invariant, $"{r.Measurement},{Quote(r.Variant)},{r.Run},{sample.Seconds:F3},{sample.Done}");
            }
        }

        return csv.ToString();
    }

    private static string Quote(string value) => $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private sealed record Group(string Measurement, string Variant, List<RunResult> Runs)
    {
        public RunResult Median => Runs[Runs.Count / 2];
    }
}
