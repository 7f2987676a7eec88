using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using WorkUnits.Contracts;

namespace WorkUnits.Cli.Output;

/// <summary>
/// Prints jobs as one JSON object each, or as short human-readable lines, with the same figures as the dashboard:
/// counts, units in flight, the share done, and the most common errors.
/// </summary>
internal static class JobPrinter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private static readonly JsonSerializerOptions IndentedJson =
        new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static bool IsFinal(string state) => state is "completed" or "failed" or "cancelled";

    // Units of an ended job that never reported will not run any more: none is in flight.
    public static long InFlight(JobStatus job) =>
        IsFinal(job.State) ? 0 : Math.Max(0, job.Dispatched - job.Succeeded - job.Failed);

    public static double? Percent(JobStatus job) => job.Total is { } total
        ? total == 0 ? 100 : Math.Round(100.0 * (job.Succeeded + job.Failed) / total, 1)
        : null;

    public static string ToJson(JobStatus job, IReadOnlyList<JobErrorGroup>? errors = null) =>
        ToNode(job, errors).ToJsonString(Json);

    public static string ToJson(IReadOnlyList<JobStatus> jobs) =>
        new JsonArray([.. jobs.Select(job => ToNode(job, errors: null))]).ToJsonString(Json);

    public static void PrintText(TextWriter output, JobStatus job, IReadOnlyList<JobErrorGroup>? errors = null)
    {
        output.WriteLine($"job       {job.JobId}");
        output.WriteLine($"type      {job.JobType}");
        output.WriteLine($"state     {job.State}");
        output.WriteLine(
            $"units     {Count(job.Total)} total, {job.Succeeded} succeeded, {job.Failed} failed, "
            + $"{InFlight(job)} in flight, {job.Dispatched} dispatched");
        output.WriteLine($"progress  {PercentText(job)}");

        if (job.Reason is not null)
        {
            output.WriteLine($"reason    {job.Reason}");
        }

        foreach (var (error, index) in (errors ?? []).Select((error, index) => (error, index)))
        {
            output.WriteLine((index == 0 ? "errors    " : "          ") + DescribeError(error).TrimStart());
        }

        if (job.Result is { } result)
        {
            var indented = JsonSerializer.Serialize(result, IndentedJson)
                .Replace("\n", "\n          ", StringComparison.Ordinal);
            output.WriteLine("result    " + indented);
        }
    }

    public static void PrintTable(TextWriter output, IReadOnlyList<JobStatus> jobs)
    {
        output.WriteLine(
            $"{"JOB",-36}  {"TYPE",-12}  {"STATE",-10}  {"DONE",6}  {"TOTAL",10}  {"SUCCEEDED",10}  {"FAILED",8}  "
            + $"{"IN FLIGHT",9}  CREATED");
        foreach (var job in jobs)
        {
            output.WriteLine(
                $"{job.JobId,-36}  {job.JobType,-12}  {job.State,-10}  {PercentText(job),6}  {Count(job.Total),10}  "
                + $"{job.Succeeded,10}  {job.Failed,8}  {InFlight(job),9}  "
                + job.CreatedAt.ToString("u", CultureInfo.InvariantCulture));
        }
    }

    public static string DescribeError(JobErrorGroup error) => string.Create(
        CultureInfo.InvariantCulture,
        $"  {error.Count} x {error.ErrorType ?? "?"}: "
        + $"{error.SampleMessage?.ReplaceLineEndings(" ")} [{error.Fingerprint}]");

    public static string Duration(TimeSpan duration) => duration.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalHours}h{duration.Minutes:D2}m")
        : string.Create(CultureInfo.InvariantCulture, $"{duration.Minutes}m{duration.Seconds:D2}s");

    private static JsonObject ToNode(JobStatus job, IReadOnlyList<JobErrorGroup>? errors)
    {
        var node = JsonSerializer.SerializeToNode(job, Json)!.AsObject();
        node["inFlight"] = InFlight(job);
        node["percent"] = Percent(job);
        if (errors is not null)
        {
            node["errors"] = JsonSerializer.SerializeToNode(errors, Json);
        }

        return node;
    }

    private static string PercentText(JobStatus job) =>
        Percent(job) is { } percent ? percent.ToString("0.0", CultureInfo.InvariantCulture) + "%" : "?";

    private static string Count(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "?";
}
