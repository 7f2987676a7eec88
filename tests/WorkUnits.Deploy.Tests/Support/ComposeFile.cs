using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace WorkUnits.Deploy.Tests.Support;

/// <summary>docker-compose.yml as compose runs it without a .env file: every variable at its default.</summary>
internal static partial class ComposeFile
{
    public static string RawText => Repository.ReadAllText("docker-compose.yml");

    public static YamlMappingNode Load() => YamlDocuments.ParseSingle(Interpolate(RawText));

    public static IReadOnlyDictionary<string, YamlNode> Services(this YamlMappingNode compose) =>
        compose.Entries("services");

    /// <summary>The services that run the image built from this repository's Dockerfile.</summary>
    public static IEnumerable<KeyValuePair<string, YamlNode>> AppServices(this YamlMappingNode compose) =>
        compose.Services().Where(service => service.Value.At("build") is not null);

    /// <summary>The variables the file reads and their defaults (null where it has none).</summary>
    public static IReadOnlyList<(string Name, string? Default)> Variables() =>
        [.. Variable().Matches(RawText.Replace("$$", "", StringComparison.Ordinal)).Select(match =>
            (match.Groups[1].Value, match.Groups[2].Success ? match.Groups[2].Value : (string?)null))];

    private static string Interpolate(string text) =>
        Variable().Replace(text.Replace("$$", "\u0000", StringComparison.Ordinal), match => match.Groups[2].Value)
            .Replace("\u0000", "$", StringComparison.Ordinal);

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}")]
    private static partial Regex Variable();
}
