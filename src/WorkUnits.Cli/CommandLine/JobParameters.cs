using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WorkUnits.Cli.CommandLine;

/// <summary>Turns <c>--param key=value</c> pairs into the JSON object a submit carries.</summary>
internal static class JobParameters
{
    public static JsonElement ToJson(IEnumerable<string> pairs)
    {
        var parameters = new JsonObject();

        foreach (var pair in pairs)
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                throw new UsageException($"--param '{pair}' is not of the form key=value.");
            }

            parameters[pair[..separator]] = ToNode(pair[(separator + 1)..]);
        }

        return JsonSerializer.SerializeToElement(parameters);
    }

    private static JsonValue ToNode(string value)
    {
        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        return bool.TryParse(value, out var flag) ? JsonValue.Create(flag) : JsonValue.Create(value);
    }
}
