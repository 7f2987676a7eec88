namespace WorkUnits.BuiltInJobs.Synthetic;

/// <summary>What a <c>synthetic</c> unit does besides returning its index; faults exist for fault tests.</summary>
public enum SyntheticUnitFault
{
    /// <summary>The unit works and returns its index.</summary>
    None,

    /// <summary>The unit throws on every attempt (the job's <c>failUnit</c>).</summary>
    Throw,

    /// <summary>The unit ends its worker process abruptly (the job's <c>crashUnit</c>).</summary>
    Crash,
}
