namespace WorkUnits.Deploy.Tests.Support;

/// <summary>
/// Runs schema/validate.mjs, installing its locked npm packages first when they are missing.
/// </summary>
internal static class SchemaScript
{
    private const string NodeHint =
        "The schema checks run on Node.js 20 or later with npm: install them (Debian packages nodejs and npm).";

    private static readonly Lazy<string> _installedDirectory = new(Install);

    public static ProcessResult Run(params string[] arguments) =>
        ExternalProcess.Run(
            "node",
            ["validate.mjs", .. arguments],
            _installedDirectory.Value,
            TimeSpan.FromMinutes(2),
            NodeHint);

    private static string Install()
    {
        var directory = Repository.PathOf("tests", "WorkUnits.Deploy.Tests", "schema");

        if (Directory.Exists(Path.Combine(directory, "node_modules")))
        {
            return directory;
        }

        var result = ExternalProcess.Run(
            "npm",
            ["ci", "--no-audit", "--no-fund"],
            directory,
            TimeSpan.FromMinutes(5),
            NodeHint);

        if (result.ExitCode != 0)
        {
            Assert.Fail($"npm ci in {directory} failed: {result.Describe()}");
        }

        return directory;
    }
}
