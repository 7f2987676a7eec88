using System.ComponentModel.DataAnnotations;

namespace WorkUnits.BuiltInJobs.Synthetic;

/// <summary>The parameters of the <c>synthetic</c> job.</summary>
public sealed record SyntheticParameters : IValidatableObject
{
    /// <summary>How many units the job has.</summary>
    [Range(0, 100_000_000)]
    public long Units { get; init; }

    /// <summary>How long each unit works, in milliseconds.</summary>
    /// <value>Defaults to 0.</value>
    [Range(0, 3_600_000)]
    public int UnitMs { get; init; }

    /// <summary>A seed recorded with the job; units do not depend on it.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// For fault tests: the index of a unit whose handler throws on every attempt, a poison unit.
    /// </summary>
    /// <value>When absent, no unit fails; otherwise between 0 and <c>units - 1</c>.</value>
    public long? FailUnit { get; init; }

    /// <summary>
    /// For fault tests: the index of a unit that ends the worker process running it abruptly, as a native crash
    /// would. Workers do that only when <c>WorkUnits:Synthetic:AllowCrashUnit</c> is true; elsewhere the unit fails
    /// permanently.
    /// </summary>
    /// <value>When absent, no unit crashes; otherwise between 0 and <c>units - 1</c>.</value>
    public long? CrashUnit { get; init; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (FailUnit is { } fail && (fail < 0 || fail >= Units))
        {
            yield return OutOfRange(fail, nameof(FailUnit));
        }

        if (CrashUnit is { } crash && (crash < 0 || crash >= Units))
        {
            yield return OutOfRange(crash, nameof(CrashUnit));
        }
    }

    private ValidationResult OutOfRange(long index, string member) =>
        new($"must be a unit index between 0 and units - 1 ({Units - 1}), not {index}", [member]);
}
