using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace WorkUnits.Deploy.Tests.Support;

/// <summary>Reads fields of parsed YAML by path, the way the manifests spell them.</summary>
internal static class YamlNodeExtensions
{
    /// <summary>The node at a path of mapping keys, or null where any step is missing.</summary>
    public static YamlNode? At(this YamlNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode mapping
                || !mapping.Children.TryGetValue(new YamlScalarNode(key), out node))
            {
                return null;
            }
        }

        return node;
    }

    public static string? Text(this YamlNode? node, params string[] path) =>
        (node.At(path) as YamlScalarNode)?.Value;

    public static string RequiredText(this YamlNode? node, params string[] path) =>
        node.Text(path) ?? throw new AssertionException($"missing field {string.Join('.', path)}");

    public static int RequiredInt(this YamlNode? node, params string[] path) =>
        int.Parse(node.RequiredText(path), CultureInfo.InvariantCulture);

    public static IReadOnlyList<YamlNode> Items(this YamlNode? node, params string[] path) =>
        node.At(path) is YamlSequenceNode sequence ? [.. sequence.Children] : [];

    public static IReadOnlyDictionary<string, YamlNode> Entries(this YamlNode? node, params string[] path) =>
        node.At(path) is YamlMappingNode mapping
            ? mapping.Children.ToDictionary(pair => ((YamlScalarNode)pair.Key).Value ?? "", pair => pair.Value)
            : new Dictionary<string, YamlNode>();

    public static IReadOnlyList<string> Texts(this YamlNode? node, params string[] path) =>
        [.. node.Items(path).OfType<YamlScalarNode>().Select(scalar => scalar.Value ?? "")];
}
