using System.Globalization;
using System.Text.RegularExpressions;
using WorkUnits.Deploy.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace WorkUnits.Deploy.Tests;

public sealed class PodSpecTests
{
    private const int HttpPort = 8080;

    private static IEnumerable<TestCaseData> Workloads =>
        Kustomize.Overlays.SelectMany(overlay => new[] { "orchestrator", "worker" }
            .Select(component => new TestCaseData(overlay, component)));

    private static IEnumerable<string> Overlays => Kustomize.Overlays;

    [TestCaseSource(nameof(Overlays))]
    public void EveryContainer_RunsRestricted(string overlay)
    {
        var manifest = Kustomize.RenderOverlay(overlay);

        Assert.Multiple(() =>
        {
            foreach (var deployment in manifest.OfKind("Deployment"))
            {
                var pod = deployment.At("spec", "template", "spec");
                var name = deployment.RequiredText("metadata", "name");
                Assert.That(pod.Text("securityContext", "runAsNonRoot"), Is.EqualTo("true"), name);
                Assert.That(pod.Text("securityContext", "seccompProfile", "type"), Is.EqualTo("RuntimeDefault"), name);
                Assert.That(pod.Text("automountServiceAccountToken"), Is.EqualTo("false"), name);

                foreach (var container in pod.Items("containers").Concat(pod.Items("initContainers")))
                {
                    var where = $"{name}/{container.Text("name")}";
                    var context = container.At("securityContext");
                    Assert.That(context.Text("runAsNonRoot"), Is.EqualTo("true"), where);
                    Assert.That(context.Text("allowPrivilegeEscalation"), Is.EqualTo("false"), where);
                    Assert.That(context.Text("readOnlyRootFilesystem"), Is.EqualTo("true"), where);
                    Assert.That(context.Texts("capabilities", "drop"), Is.EqualTo(new[] { "ALL" }), where);
                    Assert.That(context.Texts("capabilities", "add"), Is.Empty, where);
                    Assert.That(context.Text("seccompProfile", "type"), Is.EqualTo("RuntimeDefault"), where);
                    Assert.That(context.Text("privileged"), Is.Not.EqualTo("true"), where);
                }
            }
        });
    }

    [TestCaseSource(nameof(Workloads))]
    public void Container_MountsAWritableTmp_FromAnEmptyDir(string overlay, string component)
    {
        var pod = Kustomize.RenderOverlay(overlay).Deployment(component).At("spec", "template", "spec");

        var mount = pod.Items("containers").Single()
            .Items("volumeMounts")
            .SingleOrDefault(item => item.Text("mountPath") == "/tmp");
        var volume = pod.Items("volumes").SingleOrDefault(item => item.Text("name") == mount.Text("name"));

        Assert.Multiple(() =>
        {
            Assert.That(mount, Is.Not.Null, "/tmp is the only place the process writes");
            Assert.That(mount.Text("readOnly"), Is.Not.EqualTo("true"));
            Assert.That(volume.At("emptyDir"), Is.Not.Null);
        });
    }

    [TestCaseSource(nameof(Workloads))]
    public void Probes_HitTheHealthEndpoints_OnThePortTheProcessListensOn(string overlay, string component)
    {
        var manifest = Kustomize.RenderOverlay(overlay);
        var container = Container(manifest, component);
        var ports = container.Items("ports")
            .ToDictionary(port => port.Text("name") ?? "", port => port.RequiredInt("containerPort"));
        var urls = manifest.Environment(container)["ASPNETCORE_URLS"].RequiredText();

        Assert.Multiple(() =>
        {
            Assert.That(ports.Values, Is.EqualTo(new[] { HttpPort }));
            Assert.That(PortOf(urls), Is.EqualTo(HttpPort), "ASPNETCORE_URLS");
            Assert.That(ProbePath(container, "livenessProbe"), Is.EqualTo("/health/live"));
            Assert.That(ProbePath(container, "readinessProbe"), Is.EqualTo("/health/ready"));

            foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
            {
                if (container.At(probe) is not null)
                {
                    var port = container.RequiredText(probe, "httpGet", "port");
                    var number = ports.TryGetValue(port, out var named)
                        ? named
                        : int.Parse(port, CultureInfo.InvariantCulture);
                    Assert.That(number, Is.EqualTo(HttpPort), probe);
                }
            }
        });
    }

    [TestCaseSource(nameof(Workloads))]
    public void Container_HasRequestsAndLimits(string overlay, string component)
    {
        var container = Container(Kustomize.RenderOverlay(overlay), component);

        Assert.Multiple(() =>
        {
            foreach (var bound in new[] { "requests", "limits" })
            {
                foreach (var resource in new[] { "cpu", "memory" })
                {
                    Assert.That(container.Text("resources", bound, resource), Is.Not.Null, $"{bound}.{resource}");
                }
            }
        });
    }

    [TestCaseSource(nameof(Workloads))]
    public void Container_RunsThePinnedImage_WithTheRoleAndTheConnectionSecrets(string overlay, string component)
    {
        var manifest = Kustomize.RenderOverlay(overlay);
        var container = Container(manifest, component);
        var environment = manifest.Environment(container);

        Assert.Multiple(() =>
        {
            Assert.That(
                container.Text("image"),
                Does.Match(@"^[^:@]+(:[\w][\w.-]*|@sha256:[0-9a-f]{64})$").And.Not.EndsWith(":latest"));
            Assert.That(container.Text("command"), Is.Null, "the image's ENTRYPOINT stays in charge");
            Assert.That(container.Texts("args"), Is.EqualTo(new[] { "run", "--role", component }));

            foreach (var setting in new[] { "RabbitMq__Url", "Postgres__ConnectionString" })
            {
                Assert.That(environment.TryGetValue(setting, out var value), Is.True, setting);
                Assert.That(value.Text("secretKeyRef", "name"), Is.Not.Null, $"{setting} comes from a Secret");
            }
        });
    }

    [TestCaseSource(nameof(Overlays))]
    public void AllWorkloads_UseTheSameImage(string overlay)
    {
        var images = Kustomize.RenderOverlay(overlay).OfKind("Deployment")
            .Select(deployment => deployment.Items("spec", "template", "spec", "containers").Single().Text("image"))
            .Distinct();

        Assert.That(images.Count(), Is.EqualTo(1));
    }

    [TestCaseSource(nameof(Overlays))]
    public void Orchestrator_IsOneReplica_ReplacedNotRolled(string overlay)
    {
        var spec = Kustomize.RenderOverlay(overlay).Deployment("orchestrator").At("spec");

        Assert.Multiple(() =>
        {
            Assert.That(spec.RequiredInt("replicas"), Is.EqualTo(1));
            Assert.That(spec.Text("strategy", "type"), Is.EqualTo("Recreate"));
        });
    }

    [TestCaseSource(nameof(Overlays))]
    public void Worker_LeavesReplicasToTheAutoscaler_AndRollsWithoutLosingCapacity(string overlay)
    {
        var spec = Kustomize.RenderOverlay(overlay).Deployment("worker").At("spec");

        Assert.Multiple(() =>
        {
            Assert.That(spec.At("replicas"), Is.Null, "re-applying must not reset the autoscaled count");
            Assert.That(spec.Text("strategy", "type"), Is.EqualTo("RollingUpdate"));
            Assert.That(spec.Text("strategy", "rollingUpdate", "maxUnavailable"), Is.EqualTo("0"));
        });
    }

    [TestCaseSource(nameof(Overlays))]
    public void PodDisruptionBudget_CoversTheWorkers_AndAllowsEvictions(string overlay)
    {
        var manifest = Kustomize.RenderOverlay(overlay);
        var budget = manifest.Single("PodDisruptionBudget");

        var selected = Labels(budget, "spec", "selector", "matchLabels");
        var workerLabels = Labels(manifest.Deployment("worker"), "spec", "template", "metadata", "labels");
        var orchestratorLabels = Labels(manifest.Deployment("orchestrator"), "spec", "template", "metadata", "labels");

        Assert.Multiple(() =>
        {
            Assert.That(workerLabels, Is.SupersetOf(selected));
            Assert.That(orchestratorLabels, Is.Not.SupersetOf(selected), "a budget on one replica blocks drains");
            Assert.That(budget.Text("spec", "maxUnavailable"), Is.Not.Null.And.Not.EqualTo("0"));
        });
    }

    [TestCaseSource(nameof(Overlays))]
    public void NetworkPolicy_SelectsBothRoles_AndAllowsOnlyDnsBrokerAndDatabaseOut(string overlay)
    {
        var manifest = Kustomize.RenderOverlay(overlay);
        var policy = manifest.Single("NetworkPolicy");
        var selected = Labels(policy, "spec", "podSelector", "matchLabels");

        var egressPorts = policy.Items("spec", "egress")
            .SelectMany(rule => rule.Items("ports"))
            .Select(port => $"{port.Text("protocol")}/{port.Text("port")}")
            .Order(StringComparer.Ordinal);
        var ingressPorts = policy.Items("spec", "ingress")
            .SelectMany(rule => rule.Items("ports"))
            .Select(port => $"{port.Text("protocol")}/{port.Text("port")}");

        Assert.Multiple(() =>
        {
            Assert.That(policy.Texts("spec", "policyTypes"), Is.EquivalentTo(new[] { "Ingress", "Egress" }));
            Assert.That(egressPorts, Is.EqualTo(new[] { "TCP/53", "TCP/5432", "TCP/5672", "UDP/53" }));
            Assert.That(ingressPorts, Is.EqualTo(new[] { $"TCP/{HttpPort}" }));
            Assert.That(
                policy.Items("spec", "egress").All(rule => rule.Items("ports").Count > 0),
                Is.True,
                "no rule opens every port");

            foreach (var component in new[] { "orchestrator", "worker" })
            {
                var podLabels = Labels(manifest.Deployment(component), "spec", "template", "metadata", "labels");
                Assert.That(podLabels, Is.SupersetOf(selected), component);
            }
        });
    }

    private static YamlNode Container(Manifest manifest, string component) =>
        manifest.Deployment(component).Items("spec", "template", "spec", "containers").Single();

    private static string? ProbePath(YamlNode container, string probe) => container.Text(probe, "httpGet", "path");

    private static int PortOf(string urls) =>
        int.Parse(Regex.Match(urls, @":(\d+)/?$").Groups[1].Value, CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Labels(YamlNode node, params string[] path) =>
        node.Entries(path).ToDictionary(pair => pair.Key, pair => pair.Value.RequiredText());
}
