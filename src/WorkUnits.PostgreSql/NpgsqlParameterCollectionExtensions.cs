using Npgsql;

namespace WorkUnits.PostgreSql;

/// <summary>Adds typed parameters, so that null values and arrays reach PostgreSQL with their types.</summary>
internal static class NpgsqlParameterCollectionExtensions
{
    public static void AddTyped<T>(this NpgsqlParameterCollection parameters, string name, T value) =>
        parameters.Add(new NpgsqlParameter<T>(name, value));
}
