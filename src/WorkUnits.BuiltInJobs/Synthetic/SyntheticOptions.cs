namespace WorkUnits.BuiltInJobs.Synthetic;

/// <summary>Worker settings of the <c>synthetic</c> job, under <c>WorkUnits:Synthetic</c>.</summary>
public sealed class SyntheticOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "WorkUnits:Synthetic";

    /// <summary>
    /// Whether a unit named by a job's <c>crashUnit</c> may end this worker's process. Off, any job could take
    /// down workers by asking; turn it on only for workers under a fault test.
    /// </summary>
    /// <value>False: the unit fails permanently instead, saying which setting enables the crash.</value>
    public bool AllowCrashUnit { get; set; }
}
