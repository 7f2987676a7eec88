namespace WorkUnits.Hosting;

/// <summary>The parts of an <c>amqp://user:password@host:port/vhost</c> URL.</summary>
internal sealed record RabbitMqAddress(
    string Host,
    int Port,
    string VirtualHost,
    string User,
    string Password,
    bool UseTls)
{
    public static RabbitMqAddress Parse(string url)
    {
        var uri = new Uri(url, UriKind.Absolute);
        var useTls = uri.Scheme == "amqps";
        var credentials = uri.UserInfo.Split(':', 2);
        var path = uri.AbsolutePath.TrimStart('/');

        return new RabbitMqAddress(
            uri.Host,
            uri.IsDefaultPort ? (useTls ? 5671 : 5672) : uri.Port,
            path.Length == 0 ? "/" : Uri.UnescapeDataString(path),
            Uri.UnescapeDataString(credentials[0]),
            credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : string.Empty,
            useTls);
    }
}
