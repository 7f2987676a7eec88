using Npgsql;
using WorkUnits.Storage;

namespace WorkUnits.PostgreSql.Storage;

/// <summary>
/// A batch of unit outcomes as parallel arrays, one per column, ready to be unnested by PostgreSQL. Only the
/// first outcome reported for an attempt at a unit is kept, and rows are sorted by unit so that concurrent
/// batches lock rows in the same order and rarely deadlock.
/// </summary>
internal sealed class OutcomeBatch
{
    private OutcomeBatch(List<UnitOutcome> outcomes, List<Guid> touchedJobIds)
    {
        JobIds = [.. outcomes.Select(outcome => outcome.JobId)];
        UnitIndexes = [.. outcomes.Select(outcome => outcome.UnitIndex)];
        Attempts = [.. outcomes.Select(outcome => outcome.Attempt)];
        Succeeded = [.. outcomes.Select(outcome => outcome.Succeeded)];
        Results = [.. outcomes.Select(outcome => outcome.Result)];
        ErrorTypes = [.. outcomes.Select(outcome => outcome.ErrorType)];
        ErrorMessages = [.. outcomes.Select(outcome => outcome.ErrorMessage)];
        Fingerprints = [.. outcomes.Select(outcome => outcome.Fingerprint)];
        RetryAts = [.. outcomes.Select(outcome => outcome.RetryAt?.ToUniversalTime())];
        TouchedJobIds = [.. touchedJobIds];
    }

    /// <summary>The jobs the batch mentions, in the order it first mentions them.</summary>
    public Guid[] TouchedJobIds { get; }

    private Guid[] JobIds { get; }

    private long[] UnitIndexes { get; }

    private int[] Attempts { get; }

    private bool[] Succeeded { get; }

    private string?[] Results { get; }

    private string?[] ErrorTypes { get; }

    private string?[] ErrorMessages { get; }

    private string?[] Fingerprints { get; }

    private DateTimeOffset?[] RetryAts { get; }

    public static OutcomeBatch From(IReadOnlyList<UnitOutcome> outcomes)
    {
        var seen = new HashSet<(Guid JobId, long UnitIndex, int Attempt)>();
        var touched = new List<Guid>();
        var touchedSet = new HashSet<Guid>();
        var firsts = new List<UnitOutcome>(outcomes.Count);

        foreach (var outcome in outcomes)
        {
            if (!seen.Add((outcome.JobId, outcome.UnitIndex, outcome.Attempt)))
            {
                continue;
            }

            if (touchedSet.Add(outcome.JobId))
            {
                touched.Add(outcome.JobId);
            }

            firsts.Add(outcome);
        }

        firsts.Sort(static (left, right) =>
        {
            var byJob = left.JobId.CompareTo(right.JobId);
            var byUnit = byJob != 0 ? byJob : left.UnitIndex.CompareTo(right.UnitIndex);
            return byUnit != 0 ? byUnit : left.Attempt.CompareTo(right.Attempt);
        });

        return new OutcomeBatch(firsts, touched);
    }

    public void AddParameters(NpgsqlParameterCollection parameters)
    {
        parameters.AddTyped("job_ids", JobIds);
        parameters.AddTyped("unit_indexes", UnitIndexes);
        parameters.AddTyped("attempts", Attempts);
        parameters.AddTyped("succeeded", Succeeded);
        parameters.AddTyped("results", Results);
        parameters.AddTyped("error_types", ErrorTypes);
        parameters.AddTyped("error_messages", ErrorMessages);
        parameters.AddTyped("fingerprints", Fingerprints);
        parameters.AddTyped("retry_ats", RetryAts);
        parameters.AddTyped("touched_job_ids", TouchedJobIds);
    }
}
