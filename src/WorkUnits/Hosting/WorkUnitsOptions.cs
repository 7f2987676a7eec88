namespace WorkUnits.Hosting;

/// <summary>Settings common to every role, bound from the <c>WorkUnits</c> section.</summary>
public sealed class WorkUnitsOptions
{
    /// <summary>The configuration section these settings are read from.</summary>
    public const string SectionName = "WorkUnits";

    /// <summary>Which parts this process runs.</summary>
    /// <value>Defaults to <see cref="WorkUnitsRole.All"/>.</value>
    public WorkUnitsRole Role { get; set; } = WorkUnitsRole.All;
}
