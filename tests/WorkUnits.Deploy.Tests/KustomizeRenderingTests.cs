using WorkUnits.Deploy.Tests.Support;

namespace WorkUnits.Deploy.Tests;

public sealed class KustomizeRenderingTests
{
    private static IEnumerable<string> Overlays => Kustomize.Overlays;

    [Test]
    public void Overlays_AreDevAndProd()
    {
        var overlays = Kustomize.Overlays.ToList();

        Assert.That(overlays, Is.SupersetOf(new[] { "dev", "prod" }));
    }

    [TestCaseSource(nameof(Overlays))]
    public void Overlay_Renders_BothRolesAndTheirAutoscaling(string overlay)
    {
        var manifest = Kustomize.RenderOverlay(overlay);

        Assert.Multiple(() =>
        {
            Assert.That(manifest.Deployment("orchestrator"), Is.Not.Null);
            Assert.That(manifest.Deployment("worker"), Is.Not.Null);
            Assert.That(manifest.OfKind("ScaledObject").Count(), Is.EqualTo(1));
            Assert.That(manifest.OfKind("TriggerAuthentication").Count(), Is.EqualTo(1));
            Assert.That(manifest.OfKind("PodDisruptionBudget").Count(), Is.EqualTo(1));
            Assert.That(manifest.OfKind("NetworkPolicy").Count(), Is.EqualTo(1));
        });
    }

    [Test]
    public void ProdOverlay_Renders_EveryNameWithItsPrefix()
    {
        var manifest = Kustomize.RenderOverlay("prod");

        var names = manifest.Objects.Select(item => item.RequiredText("metadata", "name"));

        Assert.That(names, Is.All.StartsWith("prod-"));
    }

    [Test]
    public void OptionalRabbitmqCluster_Renders_AQuorumFriendlyCluster()
    {
        var manifest = Manifest.Parse(Kustomize.Render(Repository.PathOf("deploy", "optional", "rabbitmq-cluster")));

        var cluster = manifest.Single("RabbitmqCluster");

        Assert.Multiple(() =>
        {
            Assert.That(cluster.Text("apiVersion"), Is.EqualTo("rabbitmq.com/v1beta1"));
            Assert.That(cluster.RequiredInt("spec", "replicas") % 2, Is.EqualTo(1), "an odd number of nodes");
            Assert.That(cluster.RequiredInt("spec", "replicas"), Is.GreaterThanOrEqualTo(3));
            Assert.That(cluster.Text("spec", "image"), Does.Match(@":\d+\.\d+\.\d+"), "a pinned image");
        });
    }
}
