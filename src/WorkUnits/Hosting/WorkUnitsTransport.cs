namespace WorkUnits.Hosting;

/// <summary>Which message transport the bus uses.</summary>
internal enum WorkUnitsTransport
{
    /// <summary>MassTransit's in-memory transport: one process, nothing durable.</summary>
    InMemory,

    /// <summary>RabbitMQ, from <c>RabbitMq:Url</c>.</summary>
    RabbitMq,
}
