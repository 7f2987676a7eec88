namespace WorkUnits.IntegrationTests.Infrastructure;

/// <summary>A running RabbitMQ broker: its AMQP address and its management API.</summary>
/// <param name="Host">The broker's host name.</param>
/// <param name="AmqpPort">The AMQP port.</param>
/// <param name="UserName">An administrator's user name.</param>
/// <param name="Password">That user's password.</param>
/// <param name="ManagementUri">The management API's base address, for example <c>http://localhost:15672/</c>.</param>
internal sealed record RabbitMqServer(string Host, int AmqpPort, string UserName, string Password, Uri ManagementUri)
{
    /// <summary>Reads an <c>amqp://user:pass@host:port/vhost</c> URL; the management API is on port 15672.</summary>
    public static RabbitMqServer Parse(string amqpUrl, string? managementUrl)
    {
        var uri = new Uri(amqpUrl);
        var credentials = uri.UserInfo.Split(':', 2);
        var port = uri.IsDefaultPort || uri.Port < 0 ? 5672 : uri.Port;
        var management = managementUrl is null
            ? new UriBuilder("http", uri.Host, 15672).Uri
            : new Uri(managementUrl);

        return new RabbitMqServer(
            uri.Host,
            port,
            Uri.UnescapeDataString(credentials[0]),
            credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : string.Empty,
            management);
    }

    /// <summary>The AMQP URL of one virtual host on this broker.</summary>
    public string UrlFor(string virtualHost) =>
        $"amqp://{Uri.EscapeDataString(UserName)}:{Uri.EscapeDataString(Password)}@{Host}:{AmqpPort}/" +
        Uri.EscapeDataString(virtualHost);
}
