using WorkUnits.Deploy.Tests.Support;

namespace WorkUnits.Deploy.Tests;

public sealed class DockerfileTests
{
    [Test]
    public void Entrypoint_IsExecForm_WithTheRoleAllAsDefaultArguments()
    {
        var stage = Dockerfile.Load().FinalStage;

        var entrypoint = Dockerfile.ExecForm(stage.Single(instruction => instruction.Keyword == "ENTRYPOINT"));
        var command = Dockerfile.ExecForm(stage.Single(instruction => instruction.Keyword == "CMD"));

        Assert.Multiple(() =>
        {
            Assert.That(
                entrypoint,
                Is.EqualTo(new[] { "dotnet", "/app/workunits.dll" }),
                "exec form, so SIGTERM reaches dotnet");
            Assert.That(command, Is.EqualTo(new[] { "run", "--role", "all" }));
        });
    }

    [Test]
    public void FinalStage_RunsAsANonRootUser()
    {
        var users = Dockerfile.Load().FinalStage.Where(instruction => instruction.Keyword == "USER").ToList();

        Assert.Multiple(() =>
        {
            Assert.That(users, Is.Not.Empty);
            Assert.That(users[^1].Arguments, Is.EqualTo("1654"), "the aspnet image's app user, by number");
        });
    }

    [Test]
    public void BaseImages_ArePinnedToAPatchVersion()
    {
        var images = Dockerfile.Load().BaseImages();

        Assert.Multiple(() =>
        {
            Assert.That(images, Has.Count.EqualTo(2));
            Assert.That(images[0], Does.StartWith("mcr.microsoft.com/dotnet/sdk:10.0."));
            Assert.That(images[^1], Does.StartWith("mcr.microsoft.com/dotnet/aspnet:10.0."));

            foreach (var image in images)
            {
                Assert.That(image, Does.Match(@":10\.0\.\d+(-[a-z0-9.-]+)?(@sha256:[0-9a-f]{64})?$"), image);
            }
        });
    }

    [Test]
    public void RuntimeStage_ListensOn8080_AndWritesOnlyUnderTmp()
    {
        var stage = Dockerfile.Load().FinalStage;

        var environment = string.Join(' ', Arguments(stage, "ENV"));

        Assert.Multiple(() =>
        {
            Assert.That(environment, Does.Contain("ASPNETCORE_URLS=http://+:8080"));
            Assert.That(environment, Does.Contain("TMPDIR=/tmp"));
            Assert.That(Arguments(stage, "EXPOSE"), Is.EqualTo(new[] { "8080" }));
        });
    }

    [Test]
    public void BuildStage_RestoresEverySourceProject_AndPublishesTheCli()
    {
        var dockerfile = Dockerfile.Load();
        var copied = dockerfile.All("COPY").Select(instruction => instruction.Arguments).ToList();
        var projects = Directory.GetFiles(Repository.PathOf("src"), "*.csproj", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Repository.Root, path).Replace('\\', '/'));

        var runs = string.Join('\n', dockerfile.All("RUN").Select(instruction => instruction.Arguments));

        Assert.Multiple(() =>
        {
            foreach (var project in projects)
            {
                Assert.That(copied, Has.Some.StartsWith(project + " "), $"{project} is copied before the restore");
            }

            Assert.That(runs, Does.Contain("dotnet publish src/WorkUnits.Cli -c Release -o /app"));
        });
    }

    [Test]
    public void DockerIgnore_KeepsLocalSecretsAndBuildOutputOutOfTheContext()
    {
        var lines = Repository.ReadAllText(".dockerignore").Split('\n', StringSplitOptions.TrimEntries);
        var beforeExcludeAll = lines[..Array.IndexOf(lines, "*")]
            .Where(line => line.Length > 0 && !line.StartsWith('#'));

        Assert.Multiple(() =>
        {
            Assert.That(beforeExcludeAll, Is.Empty, "everything is excluded first");
            Assert.That(lines, Does.Not.Contain("!.env").And.Not.Contain("!tests/"));
            Assert.That(lines, Does.Contain("**/bin/").And.Contain("**/obj/"));
        });
    }

    private static IEnumerable<string> Arguments(IEnumerable<DockerfileInstruction> stage, string keyword) =>
        stage.Where(instruction => instruction.Keyword == keyword).Select(instruction => instruction.Arguments);
}
