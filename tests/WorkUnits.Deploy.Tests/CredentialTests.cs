using WorkUnits.Deploy.Tests.Support;

namespace WorkUnits.Deploy.Tests;

public sealed class CredentialTests
{
    private static IEnumerable<string> OwnedFiles =>
        new[] { "Dockerfile", ".dockerignore", "docker-compose.yml", ".env.example" }
            .Concat(Directory.GetFiles(Repository.PathOf("deploy"), "*", SearchOption.AllDirectories)
                .Select(path => Path.GetRelativePath(Repository.Root, path)))
            .Order(StringComparer.Ordinal);

    [TestCaseSource(nameof(OwnedFiles))]
    public void DeploymentFile_NeverMentionsTheGuestAccount(string path)
    {
        var text = Repository.ReadAllText(path);

        Assert.That(text, Does.Not.Contain("guest").IgnoreCase);
    }

    [TestCaseSource(typeof(Kustomize), nameof(Kustomize.Overlays))]
    public void RenderedOverlay_NeverMentionsTheGuestAccount(string overlay)
    {
        var rendered = Kustomize.Render(Repository.PathOf("deploy", "overlays", overlay));

        var secretValues = Manifest.Parse(rendered).OfKind("Secret")
            .SelectMany(secret => secret.Entries("data").Values)
            .Select(value => value.RequiredText().Replace("\n", "", StringComparison.Ordinal))
            .Select(value => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(value)));

        Assert.Multiple(() =>
        {
            Assert.That(rendered, Does.Not.Contain("guest").IgnoreCase);
            Assert.That(secretValues, Has.None.Contains("guest"));
        });
    }

    [Test]
    public void ProdOverlay_CommitsNoSecrets()
    {
        var manifest = Kustomize.RenderOverlay("prod");

        Assert.That(manifest.OfKind("Secret"), Is.Empty, "prod Secrets are created outside the repository");
    }
}
