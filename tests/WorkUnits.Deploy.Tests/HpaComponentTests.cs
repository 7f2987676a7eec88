using WorkUnits.Deploy.Tests.Support;

namespace WorkUnits.Deploy.Tests;

public sealed class HpaComponentTests
{
    private string _overlayDirectory = "";

    /// <summary>
    /// An overlay that uses the component under a name prefix, written next to the test run;
    /// kustomize accepts only relative paths to the base and the component.
    /// </summary>
    [OneTimeSetUp]
    public void WriteOverlay()
    {
        _overlayDirectory = Directory.CreateTempSubdirectory("workunits-hpa-").FullName;
        var toDeploy = Path.GetRelativePath(_overlayDirectory, Repository.PathOf("deploy"));

        File.WriteAllText(Path.Combine(_overlayDirectory, "kustomization.yaml"), $"""
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            namePrefix: hpa-
            resources:
              - {toDeploy}/base
            components:
              - {toDeploy}/components/hpa
            """);
    }

    [OneTimeTearDown]
    public void DeleteOverlay() => Directory.Delete(_overlayDirectory, recursive: true);

    [Test]
    public void HpaComponent_ReplacesKeda_WithAnHpaOnTheRenamedWorkers()
    {
        var manifest = Manifest.Parse(Kustomize.Render(_overlayDirectory));

        var autoscaler = manifest.Single("HorizontalPodAutoscaler");

        Assert.Multiple(() =>
        {
            Assert.That(manifest.OfKind("ScaledObject"), Is.Empty, "two autoscalers would fight");
            Assert.That(manifest.OfKind("TriggerAuthentication"), Is.Empty);
            Assert.That(
                autoscaler.Text("spec", "scaleTargetRef", "name"),
                Is.EqualTo(manifest.Deployment("worker").Text("metadata", "name")).And.StartsWith("hpa-"));
        });
    }

    [Test]
    public void HpaComponent_PassesSchemaValidation()
    {
        var rendered = Path.Combine(_overlayDirectory, "rendered.yaml");
        File.WriteAllText(rendered, Kustomize.Render(_overlayDirectory));

        var result = SchemaScript.Run("k8s", rendered);

        Assert.That(result.ExitCode, Is.Zero, result.Describe());
    }
}
