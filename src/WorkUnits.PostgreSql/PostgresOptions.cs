using System.ComponentModel.DataAnnotations;

namespace WorkUnits.PostgreSql;

/// <summary>Where WorkUnits keeps its durable state; bound from the <c>Postgres</c> configuration section.</summary>
public sealed class PostgresOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string SectionName = "Postgres";

    /// <summary>The service key of WorkUnits' data source, kept apart from the application's own.</summary>
    internal const string DataSourceKey = "WorkUnits.PostgreSql";

    /// <summary>
    /// The Npgsql connection string, for example
    /// <c>Host=localhost;Username=workunits;Password=...;Database=workunits</c>.
    /// </summary>
    /// <value>Required; no default.</value>
    [Required(ErrorMessage = "Postgres:ConnectionString is required, for example " +
        "'Host=localhost;Username=workunits;Password=...;Database=workunits'.")]
    public string ConnectionString { get; set; } = string.Empty;
}
