using Microsoft.Extensions.Options;

namespace WorkUnits.Hosting;

/// <summary>Checks that <c>RabbitMq:Url</c> is an AMQP URL with credentials, without echoing the password.</summary>
internal sealed class RabbitMqOptionsValidator : IValidateOptions<RabbitMqOptions>
{
    public ValidateOptionsResult Validate(string? name, RabbitMqOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Url))
        {
            return ValidateOptionsResult.Skip;
        }

        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var url) || url.Scheme is not ("amqp" or "amqps"))
        {
            return ValidateOptionsResult.Fail(
                "RabbitMq:Url must be an absolute amqp:// or amqps:// URL, "
                + "for example amqp://user:password@host:5672/vhost.");
        }

        var userInfo = url.UserInfo.Split(':', 2);
        if (userInfo.Length != 2 || userInfo[0].Length == 0)
        {
            return ValidateOptionsResult.Fail(
                "RabbitMq:Url must carry a user name and a password (amqp://user:password@host/vhost).");
        }

        if (Uri.UnescapeDataString(userInfo[0]) == "guest" && !url.IsLoopback)
        {
            return ValidateOptionsResult.Fail(
                "RabbitMq:Url uses the 'guest' account on a remote host; create a user of your own for the broker.");
        }

        return ValidateOptionsResult.Success;
    }
}
