using System.Text.Json;
using System.Text.Json.Serialization;

namespace WorkUnits.JobTypes;

/// <summary>The JSON settings for parameters, units and results: camelCase, numbers also accepted as strings.</summary>
internal static class WorkUnitsJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        };

        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
