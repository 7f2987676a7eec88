using YamlDotNet.RepresentationModel;

namespace WorkUnits.Deploy.Tests.Support;

/// <summary>The objects one kustomize build renders.</summary>
internal sealed class Manifest
{
    private Manifest(IReadOnlyList<YamlMappingNode> objects)
    {
        Objects = objects;
    }

    public IReadOnlyList<YamlMappingNode> Objects { get; }

    public static Manifest Parse(string yaml) => new(YamlDocuments.Parse(yaml));

    public IEnumerable<YamlMappingNode> OfKind(string kind) =>
        Objects.Where(item => item.Text("kind") == kind);

    public YamlMappingNode Single(string kind) => OfKind(kind).Single();

    public YamlMappingNode? Find(string kind, string name) =>
        OfKind(kind).SingleOrDefault(item => item.Text("metadata", "name") == name);

    /// <summary>The workload of one role, found by its component label rather than its name.</summary>
    public YamlMappingNode Deployment(string component) =>
        OfKind("Deployment")
            .Single(item => item.Text("metadata", "labels", "app.kubernetes.io/component") == component);

    /// <summary>A container's environment: its ConfigMaps (envFrom) first, then its own entries.</summary>
    public IReadOnlyDictionary<string, YamlNode> Environment(YamlNode container)
    {
        var environment = new Dictionary<string, YamlNode>(StringComparer.Ordinal);

        foreach (var source in container.Items("envFrom"))
        {
            var configMapName = source.Text("configMapRef", "name");
            var configMap = configMapName is null ? null : Find("ConfigMap", configMapName);

            foreach (var (key, value) in configMap.Entries("data"))
            {
                environment[key] = value;
            }
        }

        foreach (var variable in container.Items("env"))
        {
            environment[variable.RequiredText("name")] = variable.At("value") ?? variable.At("valueFrom")!;
        }

        return environment;
    }
}
