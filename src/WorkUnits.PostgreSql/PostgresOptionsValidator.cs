using Microsoft.Extensions.Options;
using Npgsql;

namespace WorkUnits.PostgreSql;

/// <summary>
/// Checks that the connection string is one Npgsql understands and names a host. The message never repeats the
/// connection string, because it holds the password.
/// </summary>
internal sealed class PostgresOptionsValidator : IValidateOptions<PostgresOptions>
{
    private const string Example = "'Host=localhost;Username=workunits;Password=...;Database=workunits'";

    public ValidateOptionsResult Validate(string? name, PostgresOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            // The [Required] rule reports this one.
            return ValidateOptionsResult.Skip;
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException)
        {
            return ValidateOptionsResult.Fail(
                $"Postgres:ConnectionString is not a valid Npgsql connection string; expected for example {Example}.");
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            return ValidateOptionsResult.Fail(
                $"Postgres:ConnectionString names no Host; expected for example {Example}.");
        }

        return ValidateOptionsResult.Success;
    }
}
