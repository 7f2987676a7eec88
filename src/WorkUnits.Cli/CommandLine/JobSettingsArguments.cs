using System.Globalization;
using WorkUnits.Contracts;

namespace WorkUnits.Cli.CommandLine;

/// <summary>
/// Turns <c>--setting name=value</c> pairs into the <see cref="JobSettings"/> a submit carries. Names are the
/// camelCase names of the submit's JSON <c>settings</c>, matched ignoring case.
/// </summary>
internal static class JobSettingsArguments
{
    /// <summary>The setting names, as the usage text and the error messages spell them.</summary>
    public static readonly string[] Names =
        ["maxInFlight", "maxFailedUnits", "maxFailedPercent", "maxAttempts", "unitTimeout", "deadline"];

    /// <summary>Parses the pairs; null when there are none, so that the orchestrator's defaults apply.</summary>
    public static JobSettings? Parse(IReadOnlyList<string> pairs)
    {
        if (pairs.Count == 0)
        {
            return null;
        }

        var settings = new JobSettings();
        foreach (var pair in pairs)
        {
            settings = Apply(settings, pair);
        }

        return settings;
    }

    private static JobSettings Apply(JobSettings settings, string pair)
    {
        var separator = pair.IndexOf('=', StringComparison.Ordinal);
        if (separator <= 0)
        {
            throw new UsageException($"--setting '{pair}' is not of the form name=value.");
        }

        var name = pair[..separator].Trim();
        var value = pair[(separator + 1)..].Trim();

        return name.ToUpperInvariant() switch
        {
            "MAXINFLIGHT" => settings with { MaxInFlight = Integer(pair, value) },
            "MAXFAILEDUNITS" => settings with { MaxFailedUnits = Long(pair, value) },
            "MAXFAILEDPERCENT" => settings with { MaxFailedPercent = Percent(pair, value) },
            "MAXATTEMPTS" => settings with { MaxAttempts = Integer(pair, value) },
            "UNITTIMEOUT" => settings with { UnitTimeout = Duration(pair, value) },
            "DEADLINE" => settings with { Deadline = Text(pair, value) },
            _ => throw new UsageException(
                $"--setting '{pair}': '{name}' is not a job setting; the settings are {string.Join(", ", Names)}."),
        };
    }

    private static int Integer(string pair, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw Invalid(pair, value, "a whole number");

    private static long Long(string pair, string value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw Invalid(pair, value, "a whole number");

    private static double Percent(string pair, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
        && double.IsFinite(parsed)
            ? parsed
            : throw Invalid(pair, value, "a number, in percent (for example 2.5)");

    private static TimeSpan Duration(string pair, string value) =>
        TimeSpan.TryParseExact(value, "c", CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw Invalid(pair, value, "a duration as hh:mm:ss (for example 00:05:00)");

    private static string Text(string pair, string value) =>
        value.Length > 0 ? value : throw Invalid(pair, value, "a duration (01:30:00) or a time with its offset");

    private static UsageException Invalid(string pair, string value, string expected) =>
        new($"--setting '{pair}': '{value}' is not {expected}.");
}
