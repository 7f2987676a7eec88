using WorkUnits.Deploy.Tests.Support;

namespace WorkUnits.Deploy.Tests;

/// <summary>
/// The consumer grace ends before the host's shutdown timeout, which ends before the platform
/// kills the process; otherwise in-flight units are cut off instead of finished or handed back.
/// </summary>
public sealed class ShutdownOrderingTests
{
    private static IEnumerable<TestCaseData> Workloads =>
        Kustomize.Overlays.SelectMany(overlay => new[] { "orchestrator", "worker" }
            .Select(component => new TestCaseData(overlay, component)));

    [TestCaseSource(nameof(Workloads))]
    public void Deployment_TerminationGrace_ExceedsHostTimeout_WhichExceedsConsumerGrace(
        string overlay,
        string component)
    {
        var manifest = Kustomize.RenderOverlay(overlay);
        var pod = manifest.Deployment(component).At("spec", "template", "spec");
        var environment = manifest.Environment(pod.Items("containers").Single());

        var termination = TimeSpan.FromSeconds(pod.RequiredInt("terminationGracePeriodSeconds"));
        var hostTimeout = Durations.FromConfiguration(environment["HostOptions__ShutdownTimeout"].RequiredText());
        var consumerGrace = Durations.FromConfiguration(
            environment["WorkUnits__Worker__ShutdownGracePeriod"].RequiredText());

        Assert.Multiple(() =>
        {
            Assert.That(termination, Is.GreaterThan(hostTimeout));
            Assert.That(hostTimeout, Is.GreaterThan(consumerGrace));
        });
    }

    [Test]
    public void ComposeAppServices_StopGrace_ExceedsHostTimeout_WhichExceedsConsumerGrace()
    {
        var compose = ComposeFile.Load();

        Assert.Multiple(() =>
        {
            foreach (var (name, service) in compose.AppServices())
            {
                var stopGrace = Durations.FromCompose(service.RequiredText("stop_grace_period"));
                var hostTimeout = Durations.FromConfiguration(
                    service.RequiredText("environment", "HostOptions__ShutdownTimeout"));
                var consumerGrace = Durations.FromConfiguration(
                    service.RequiredText("environment", "WorkUnits__Worker__ShutdownGracePeriod"));

                Assert.That(stopGrace, Is.GreaterThan(hostTimeout), name);
                Assert.That(hostTimeout, Is.GreaterThan(consumerGrace), name);
            }
        });
    }

    [Test]
    public void Timings_AreTheDocumentedOnes_InEveryFile()
    {
        var readme = Repository.ReadAllText("deploy", "README.md");
        var compose = ComposeFile.RawText;
        var baseKustomization = Repository.ReadAllText("deploy", "base", "kustomization.yaml");

        Assert.Multiple(() =>
        {
            foreach (var text in new[] { readme, compose, baseKustomization })
            {
                Assert.That(text, Does.Contain("00:00:25").And.Contain("00:00:30"));
            }

            Assert.That(readme, Does.Contain("terminationGracePeriodSeconds").And.Contain("stop_grace_period"));
            Assert.That(compose, Does.Contain("stop_grace_period: 45s"));
        });
    }
}
