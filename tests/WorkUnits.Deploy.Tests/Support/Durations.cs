using System.Globalization;
using System.Text.RegularExpressions;

namespace WorkUnits.Deploy.Tests.Support;

/// <summary>Reads the two spellings of a duration the deployment files use.</summary>
internal static partial class Durations
{
    /// <summary>A .NET configuration TimeSpan such as <c>00:00:30</c>.</summary>
    public static TimeSpan FromConfiguration(string value) =>
        TimeSpan.ParseExact(value, "c", CultureInfo.InvariantCulture);

    /// <summary>A compose duration such as <c>45s</c> or <c>1m30s</c>.</summary>
    public static TimeSpan FromCompose(string value)
    {
        var parts = ComposeDurationPart().Matches(value);

        if (parts.Count == 0 || string.Concat(parts.Select(part => part.Value)) != value)
        {
            throw new FormatException($"'{value}' is not a compose duration.");
        }

        return parts.Aggregate(TimeSpan.Zero, (total, part) => total + Unit(part.Groups[2].Value)
            * double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    private static TimeSpan Unit(string unit) => unit switch
    {
        "ms" => TimeSpan.FromMilliseconds(1),
        "s" => TimeSpan.FromSeconds(1),
        "m" => TimeSpan.FromMinutes(1),
        "h" => TimeSpan.FromHours(1),
        _ => throw new FormatException($"'{unit}' is not a compose duration unit."),
    };

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ms|h|m|s)")]
    private static partial Regex ComposeDurationPart();
}
