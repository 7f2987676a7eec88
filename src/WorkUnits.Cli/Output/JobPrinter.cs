using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using WorkUnits.Contracts;

namespace WorkUnits.Cli.Output;

/// <summary>Prints jobs as one JSON object each, or as short human-readable lines.</summary>
internal static class JobPrinter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private static readonly JsonSerializerOptions IndentedJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string ToJson(JobStatus job) => JsonSerializer.Serialize(job, Json);

    public static string ToJson(IReadOnlyList<JobStatus> jobs) => JsonSerializer.Serialize(jobs, Json);

    public static void PrintText(TextWriter output, JobStatus job)
    {
        output.WriteLine($"job       {job.JobId}");
        output.WriteLine($"type      {job.JobType}");
        output.WriteLine($"state     {job.State}");
        output.WriteLine($"units     {Count(job.Total)} total, {job.Succeeded} succeeded, {job.Failed} failed, {job.Dispatched} dispatched");

        if (job.Reason is not null)
        {
            output.WriteLine($"reason    {job.Reason}");
        }

        if (job.Result is { } result)
        {
            output.WriteLine("result    " + JsonSerializer.Serialize(result, IndentedJson).Replace("\n", "\n          ", StringComparison.Ordinal));
        }
    }

    public static void PrintTable(TextWriter output, IReadOnlyList<JobStatus> jobs)
    {
        output.WriteLine($"{"JOB",-36}  {"TYPE",-12}  {"STATE",-10}  {"TOTAL",10}  {"SUCCEEDED",10}  {"FAILED",8}  CREATED");
        foreach (var job in jobs)
        {
            output.WriteLine(
                $"{job.JobId,-36}  {job.JobType,-12}  {job.State,-10}  {Count(job.Total),10}  {job.Succeeded,10}  {job.Failed,8}  "
                + job.CreatedAt.ToString("u", CultureInfo.InvariantCulture));
        }
    }

    private static string Count(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "?";
}
