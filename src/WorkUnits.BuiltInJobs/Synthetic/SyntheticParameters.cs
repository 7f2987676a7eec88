using System.ComponentModel.DataAnnotations;

namespace WorkUnits.BuiltInJobs.Synthetic;

/// <summary>The parameters of the <c>synthetic</c> job.</summary>
public sealed record SyntheticParameters
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
}
