using System.Globalization;
using WorkUnits.Deploy.Tests.Support;

namespace WorkUnits.Deploy.Tests;

public sealed class ScaledObjectTests
{
    private static IEnumerable<string> Overlays => Kustomize.Overlays;

    [TestCaseSource(nameof(Overlays))]
    public void ScaledObject_TargetsTheRenderedWorkerDeployment(string overlay)
    {
        var manifest = Kustomize.RenderOverlay(overlay);

        var target = manifest.Single("ScaledObject").At("spec", "scaleTargetRef");

        Assert.Multiple(() =>
        {
            Assert.That(target.Text("name"), Is.EqualTo(manifest.Deployment("worker").Text("metadata", "name")));
            Assert.That(target.Text("kind"), Is.EqualTo("Deployment"));
            Assert.That(target.Text("apiVersion"), Is.EqualTo("apps/v1"));
        });
    }

    [Test]
    public void ScaledObject_InProd_FollowsTheNamePrefix()
    {
        var manifest = Kustomize.RenderOverlay("prod");

        var scaledObject = manifest.Single("ScaledObject");

        Assert.Multiple(() =>
        {
            Assert.That(scaledObject.Text("spec", "scaleTargetRef", "name"), Is.EqualTo("prod-workunits-worker"));
            Assert.That(
                scaledObject.Items("spec", "triggers").Single().Text("authenticationRef", "name"),
                Is.EqualTo("prod-workunits-rabbitmq"));
        });
    }

    [TestCaseSource(nameof(Overlays))]
    public void ScaledObject_ScalesOnTheUnitQueue_CountingUnacknowledgedUnits(string overlay)
    {
        var manifest = Kustomize.RenderOverlay(overlay);

        var trigger = manifest.Single("ScaledObject").Items("spec", "triggers").Single();

        Assert.Multiple(() =>
        {
            Assert.That(trigger.Text("type"), Is.EqualTo("rabbitmq"));
            Assert.That(trigger.Text("metadata", "queueName"), Is.EqualTo("workunits-units"));
            Assert.That(trigger.Text("metadata", "protocol"), Is.EqualTo("http"), "AMQP sees only ready messages");
            Assert.That(trigger.Text("metadata", "mode"), Is.EqualTo("QueueLength"));
            Assert.That(trigger.Text("metadata", "excludeUnacknowledged"), Is.Not.EqualTo("true"));
            Assert.That(
                int.Parse(trigger.RequiredText("metadata", "value"), CultureInfo.InvariantCulture),
                Is.Positive);
            Assert.That(trigger.Text("metadata", "host"), Is.Null, "credentials belong in the TriggerAuthentication");
        });
    }

    [TestCaseSource(nameof(Overlays))]
    public void TriggerAuthentication_ReadsTheManagementUrl_FromTheWorkersRabbitMqSecret(string overlay)
    {
        var manifest = Kustomize.RenderOverlay(overlay);
        var trigger = manifest.Single("ScaledObject").Items("spec", "triggers").Single();
        var worker = manifest.Deployment("worker").Items("spec", "template", "spec", "containers").Single();

        var authentication = manifest.Find("TriggerAuthentication", trigger.RequiredText("authenticationRef", "name"));
        var host = authentication.Items("spec", "secretTargetRef")
            .SingleOrDefault(item => item.Text("parameter") == "host");
        var workerSecret = manifest.Environment(worker)["RabbitMq__Url"].Text("secretKeyRef", "name");

        Assert.Multiple(() =>
        {
            Assert.That(authentication, Is.Not.Null, "authenticationRef names a rendered TriggerAuthentication");
            Assert.That(host, Is.Not.Null, "the http protocol takes the management URL as `host`");
            Assert.That(host.Text("name"), Is.EqualTo(workerSecret), "one Secret describes the broker");
            Assert.That(host.Text("key"), Is.EqualTo("management-url"));
        });
    }

    [TestCaseSource(nameof(Overlays))]
    public void ScaledObject_KeepsAtLeastOneWorker_AndAnUpperBound(string overlay)
    {
        var manifest = Kustomize.RenderOverlay(overlay);

        var spec = manifest.Single("ScaledObject").At("spec");

        Assert.Multiple(() =>
        {
            Assert.That(spec.RequiredInt("minReplicaCount"), Is.GreaterThanOrEqualTo(1));
            Assert.That(
                spec.RequiredInt("maxReplicaCount"),
                Is.GreaterThanOrEqualTo(spec.RequiredInt("minReplicaCount")));
        });
    }
}
