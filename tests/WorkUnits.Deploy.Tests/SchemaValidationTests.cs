using WorkUnits.Deploy.Tests.Support;

namespace WorkUnits.Deploy.Tests;

/// <summary>
/// Every rendered object against the Kubernetes and KEDA schemas, the compose file against compose-spec.
/// </summary>
public sealed class SchemaValidationTests
{
    private static IEnumerable<string> Overlays => Kustomize.Overlays;

    [TestCaseSource(nameof(Overlays))]
    public void Overlay_MatchesTheKubernetesAndKedaSchemas(string overlay)
    {
        var result = ValidateRendered(Repository.PathOf("deploy", "overlays", overlay));

        Assert.That(result.ExitCode, Is.Zero, result.Describe());
    }

    [Test]
    public void OptionalRabbitmqCluster_HasNoUnknownKinds()
    {
        var result = ValidateRendered(Repository.PathOf("deploy", "optional", "rabbitmq-cluster"));

        Assert.That(result.ExitCode, Is.Zero, result.Describe());
    }

    [Test]
    public void ComposeFile_MatchesTheComposeSpecSchema()
    {
        var result = SchemaScript.Run("compose", Repository.PathOf("docker-compose.yml"));

        Assert.That(result.ExitCode, Is.Zero, result.Describe());
    }

    [Test]
    public void Validator_RejectsAnUnknownField()
    {
        var file = Path.Combine(Path.GetTempPath(), $"workunits-typo-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, Kustomize.Render(Repository.PathOf("deploy", "overlays", "prod"))
            .Replace("readinessProbe:", "readinesProbe:", StringComparison.Ordinal));

        try
        {
            var result = SchemaScript.Run("k8s", file);

            Assert.Multiple(() =>
            {
                Assert.That(result.ExitCode, Is.EqualTo(1));
                Assert.That(
                    result.StandardOutput,
                    Does.Contain("unknown field /spec/template/spec/containers/0/readinesProbe"));
            });
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static ProcessResult ValidateRendered(string directory)
    {
        var file = Path.Combine(Path.GetTempPath(), $"workunits-rendered-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, Kustomize.Render(directory));

        try
        {
            return SchemaScript.Run("k8s", file);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
