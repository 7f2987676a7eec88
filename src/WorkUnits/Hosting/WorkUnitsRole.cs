namespace WorkUnits.Hosting;

/// <summary>Which parts of WorkUnits a process runs.</summary>
public enum WorkUnitsRole
{
    /// <summary>The orchestrator and a worker in one process.</summary>
    All,

    /// <summary>Accepts jobs, splits and dispatches them, records outcomes, tracks and finalizes jobs.</summary>
    Orchestrator,

    /// <summary>Runs work units.</summary>
    Worker,

    /// <summary>Only sends requests: submits, status, cancel and list from a command line or an application.</summary>
    Client,
}
