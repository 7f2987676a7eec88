using System.Collections.Concurrent;

namespace WorkUnits.Deploy.Tests.Support;

/// <summary>Renders kustomizations with <c>kubectl kustomize</c>, once per directory per test run.</summary>
internal static class Kustomize
{
    private const string InstallHint =
        "The deployment tests render deploy/ with kubectl's built-in kustomize (kubectl 1.27 or later): " +
        "put kubectl on PATH. The project's machine image ships it as /usr/bin/kubectl (apt package kubectl).";

    private static readonly ConcurrentDictionary<string, Lazy<string>> _rendered = new();

    /// <summary>The overlays under deploy/overlays; a new one is picked up by every overlay test.</summary>
    public static IEnumerable<string> Overlays =>
        Directory.GetDirectories(Repository.PathOf("deploy", "overlays"))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal);

    public static Manifest RenderOverlay(string overlay) =>
        Manifest.Parse(Render(Repository.PathOf("deploy", "overlays", overlay)));

    public static string Render(string directory) =>
        _rendered.GetOrAdd(Path.GetFullPath(directory), key => new Lazy<string>(() => RenderNow(key))).Value;

    private static string RenderNow(string directory)
    {
        var result = ExternalProcess.Run(
            "kubectl",
            ["kustomize", directory],
            Repository.Root,
            TimeSpan.FromMinutes(2),
            InstallHint);

        if (result.ExitCode != 0)
        {
            Assert.Fail($"kubectl kustomize {directory} failed: {result.Describe()}");
        }

        return result.StandardOutput;
    }
}
