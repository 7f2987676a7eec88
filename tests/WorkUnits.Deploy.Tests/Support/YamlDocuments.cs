using YamlDotNet.RepresentationModel;

namespace WorkUnits.Deploy.Tests.Support;

/// <summary>Parses YAML streams, resolving anchors, aliases and merge keys as compose does.</summary>
internal static class YamlDocuments
{
    private static readonly YamlScalarNode _mergeKey = new("<<");

    public static IReadOnlyList<YamlMappingNode> Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));

        var roots = stream.Documents.Select(document => document.RootNode).OfType<YamlMappingNode>().ToList();
        roots.ForEach(root => ResolveMergeKeys(root));

        return roots;
    }

    public static YamlMappingNode ParseSingle(string yaml) => Parse(yaml).Single();

    /// <summary>
    /// Applies <c>&lt;&lt;: *anchor</c> in place: keys the mapping sets itself win over merged ones.
    /// YamlDotNet's MergingParser repeats overridden keys instead, which its own loader then rejects.
    /// </summary>
    private static void ResolveMergeKeys(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                if (mapping.Children.Remove(_mergeKey, out var merged))
                {
                    var sources = merged is YamlSequenceNode list ? list.Children : [merged];

                    foreach (var source in sources.OfType<YamlMappingNode>())
                    {
                        foreach (var (key, value) in source.Children.Where(pair => !pair.Key.Equals(_mergeKey)))
                        {
                            mapping.Children.TryAdd(key, value);
                        }
                    }
                }

                foreach (var child in mapping.Children.Values.ToList())
                {
                    ResolveMergeKeys(child);
                }

                break;

            case YamlSequenceNode sequence:
                foreach (var child in sequence.Children)
                {
                    ResolveMergeKeys(child);
                }

                break;
        }
    }
}
