namespace WorkUnits.IntegrationTests.Infrastructure;

/// <summary>Addresses of a RabbitMQ virtual host and a PostgreSQL database that belong to one test fixture.</summary>
/// <param name="RabbitMqUrl">An AMQP URL with credentials and the fixture's own virtual host.</param>
/// <param name="PostgresConnectionString">An Npgsql connection string to the fixture's own, empty database.</param>
public sealed record ServiceEndpoints(string RabbitMqUrl, string PostgresConnectionString);
