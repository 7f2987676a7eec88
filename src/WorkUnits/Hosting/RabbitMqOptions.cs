using System.ComponentModel.DataAnnotations;

namespace WorkUnits.Hosting;

/// <summary>Where the broker is; section <c>RabbitMq</c>.</summary>
public sealed class RabbitMqOptions
{
    /// <summary>The configuration section these settings are read from.</summary>
    public const string SectionName = "RabbitMq";

    /// <summary>The broker as <c>amqp://user:password@host:port/vhost</c>, or <c>amqps://</c> for TLS.</summary>
    [Required(ErrorMessage = "RabbitMq:Url is required (for example amqp://user:password@localhost:5672/vhost).")]
    public string? Url { get; set; }
}
