namespace WorkUnits.Cli.CommandLine;

/// <summary>Which services a command's host connects to.</summary>
internal enum ServiceMode
{
    /// <summary>None: the in-memory transport and store, all in this process.</summary>
    Embedded,

    /// <summary>RabbitMQ only: enough to send requests to a running orchestrator.</summary>
    Broker,

    /// <summary>RabbitMQ and PostgreSQL.</summary>
    BrokerAndDatabase,
}
