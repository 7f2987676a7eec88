using System.Reflection;

namespace WorkUnits.Deploy.Tests.Support;

/// <summary>Locates the files under test in the repository this assembly was built from.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string ReadAllText(params string[] parts) => File.ReadAllText(PathOf(parts));

    private static string FindRoot()
    {
        var root = typeof(Repository).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "RepositoryRoot")
            .Value;

        if (root is null || !File.Exists(Path.Combine(root, "WorkUnits.sln")))
        {
            throw new InvalidOperationException(
                $"The repository root recorded at build time ('{root}') holds no WorkUnits.sln; rebuild the tests.");
        }

        return root;
    }
}
