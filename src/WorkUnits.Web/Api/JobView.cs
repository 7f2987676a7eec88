using System.Text.Json;
using WorkUnits.Storage;

namespace WorkUnits.Web.Api;

/// <summary>A job's state and progress as the API shows it.</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="JobType">The job type's registered name.</param>
/// <param name="State">One of submitted, splitting, running, finalizing, completed, failed, cancelled.</param>
/// <param name="Total">The number of units, known once splitting has finished.</param>
/// <param name="Dispatched">Units handed to workers so far.</param>
/// <param name="Succeeded">Units that succeeded.</param>
/// <param name="Failed">Units that failed.</param>
/// <param name="InFlight">Units handed to workers that have not ended; none once the job has ended.</param>
/// <param name="Percent">Ended units as a share of the total, 0 to 100; null while the total is unknown.</param>
/// <param name="UnitsPerSecond">Ended units per second since the job was accepted.</param>
/// <param name="EtaSeconds">Seconds until the last unit ends at that rate; null when unknown or ended.</param>
/// <param name="Reason">Why the job failed or was cancelled.</param>
/// <param name="Result">The finalizer's result once the job has completed.</param>
/// <param name="CreatedAt">When the job was accepted.</param>
/// <param name="EndedAt">When the job reached its final state.</param>
internal sealed record JobView(
    Guid JobId,
    string JobType,
    string State,
    long? Total,
    long Dispatched,
    long Succeeded,
    long Failed,
    long InFlight,
    double? Percent,
    double UnitsPerSecond,
    double? EtaSeconds,
    string? Reason,
    JsonElement? Result,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EndedAt)
{
    public static JobView From(JobRecord job, DateTimeOffset now)
    {
        var ended = job.Succeeded + job.Failed;
        var elapsed = ((job.EndedAt ?? now) - job.CreatedAt).TotalSeconds;
        var rate = elapsed > 0 ? ended / elapsed : 0;

        double? percent = job.Total is { } total ? total == 0 ? 100 : Math.Round(100.0 * ended / total, 1) : null;
        double? eta = job.Total is { } all && !job.State.IsFinal() && rate > 0
            ? Math.Round(Math.Max(0, all - ended) / rate, 1)
            : null;

        return new JobView(
            job.JobId,
            job.JobType,
            job.State.ToName(),
            job.Total,
            job.Dispatched,
            job.Succeeded,
            job.Failed,
            job.State.IsFinal() ? 0 : Math.Max(0, job.Dispatched - ended),
            percent,
            Math.Round(rate, 2),
            eta,
            job.Reason,
            job.Result is null ? null : JsonSerializer.Deserialize<JsonElement>(job.Result),
            job.CreatedAt,
            job.EndedAt);
    }
}
