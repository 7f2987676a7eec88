using WorkUnits.Deploy.Tests.Support;

namespace WorkUnits.Deploy.Tests;

public sealed class ComposeFileTests
{
    [Test]
    public void BrokerAndDatabase_HaveHealthchecks_AndPinnedImages()
    {
        var services = ComposeFile.Load().Services();

        Assert.Multiple(() =>
        {
            foreach (var name in new[] { "rabbitmq", "postgres" })
            {
                Assert.That(services[name].Texts("healthcheck", "test"), Is.Not.Empty, name);
                // An exact release: PostgreSQL numbers them major.minor, RabbitMQ major.minor.patch.
                Assert.That(services[name].Text("image"), Does.Match(@":\d+(\.\d+)+(-[a-z]+)?$"), name);
            }

            Assert.That(
                services["rabbitmq"].Text("image"),
                Does.Contain("management"),
                "KEDA and operators read the management API");
        });
    }

    [Test]
    public void AppServices_StartOnlyAfterBrokerAndDatabaseAreHealthy()
    {
        var compose = ComposeFile.Load();

        Assert.Multiple(() =>
        {
            Assert.That(
                compose.AppServices().Select(service => service.Key),
                Is.EquivalentTo(new[] { "orchestrator", "worker", "cli" }));

            foreach (var (name, service) in compose.AppServices())
            {
                var dependencies = service.Entries("depends_on");
                Assert.That(dependencies.Keys, Is.SupersetOf(new[] { "rabbitmq", "postgres" }), name);

                foreach (var (dependency, condition) in dependencies)
                {
                    Assert.That(condition.Text("condition"), Is.EqualTo("service_healthy"), $"{name} -> {dependency}");
                }
            }
        });
    }

    [Test]
    public void Services_HaveNoFixedContainerNames_AndWorkersPublishNoPorts()
    {
        var compose = ComposeFile.Load();

        var worker = compose.Services()["worker"];
        var named = compose.Services().Where(service => service.Value.At("container_name") is not null);

        Assert.Multiple(() =>
        {
            Assert.That(named.Select(service => service.Key), Is.Empty);
            Assert.That(worker.At("ports"), Is.Null, "a fixed host port stops --scale");
            Assert.That(worker.RequiredInt("deploy", "replicas"), Is.GreaterThan(1));
        });
    }

    [Test]
    public void Cli_IsBehindAProfile_SoUpDoesNotStartIt()
    {
        var cli = ComposeFile.Load().Services()["cli"];

        Assert.Multiple(() =>
        {
            Assert.That(cli.Texts("profiles"), Is.Not.Empty);
            Assert.That(cli.Text("container_name"), Is.Null);
        });
    }

    [Test]
    public void AppServices_RunReadOnly_WithATmpfsAtTmp_AndTheRoleTheyAreNamedFor()
    {
        var compose = ComposeFile.Load();

        Assert.Multiple(() =>
        {
            foreach (var (name, service) in compose.AppServices())
            {
                Assert.That(service.Text("read_only"), Is.EqualTo("true"), name);
                Assert.That(service.Texts("tmpfs"), Does.Contain("/tmp"), name);
                Assert.That(service.Texts("cap_drop"), Does.Contain("ALL"), name);
                Assert.That(service.Text("entrypoint"), Is.Null, $"{name} keeps the image's ENTRYPOINT");
            }

            foreach (var role in new[] { "orchestrator", "worker" })
            {
                Assert.That(compose.Services()[role].Texts("command"), Is.EqualTo(new[] { "run", "--role", role }));
            }
        });
    }

    [Test]
    public void AppServices_ConnectWithTheCredentialsTheBrokerAndDatabaseAreCreatedWith()
    {
        var services = ComposeFile.Load().Services();
        var rabbitmq = services["rabbitmq"].Entries("environment");
        var postgres = services["postgres"].Entries("environment");

        var user = rabbitmq["RABBITMQ_DEFAULT_USER"].RequiredText();
        var password = rabbitmq["RABBITMQ_DEFAULT_PASS"].RequiredText();
        var vhost = rabbitmq["RABBITMQ_DEFAULT_VHOST"].RequiredText();

        Assert.Multiple(() =>
        {
            foreach (var name in new[] { "orchestrator", "worker", "cli" })
            {
                var environment = services[name].Entries("environment");
                Assert.That(
                    environment["RabbitMq__Url"].RequiredText(),
                    Is.EqualTo($"amqp://{user}:{password}@rabbitmq:5672/{vhost}"),
                    name);
                Assert.That(
                    environment["Postgres__ConnectionString"].RequiredText(),
                    Does.Contain($"Username={postgres["POSTGRES_USER"].RequiredText()};")
                        .And.Contain($"Password={postgres["POSTGRES_PASSWORD"].RequiredText()}")
                        .And.Contain($"Database={postgres["POSTGRES_DB"].RequiredText()};")
                        .And.Contain("Host=postgres;"),
                    name);
                Assert.That(environment["ASPNETCORE_URLS"].RequiredText(), Is.EqualTo("http://+:8080"), name);
            }
        });
    }

    [Test]
    public void Variables_AllHaveLocalDefaults_AndAreListedInEnvExample()
    {
        var example = Repository.ReadAllText(".env.example");

        var variables = ComposeFile.Variables();

        Assert.Multiple(() =>
        {
            Assert.That(variables, Is.Not.Empty);

            foreach (var (name, fallback) in variables)
            {
                Assert.That(
                    fallback,
                    Is.Not.Null.And.Not.Empty,
                    $"${{{name}}} needs a default so compose runs without .env");
                Assert.That(example, Does.Contain($"\n{name}="), $"{name} is documented in .env.example");
            }
        });
    }

    [Test]
    public void AppHealthchecks_NeedAShell_SoTheRuntimeImageIsNotChiseled()
    {
        var compose = ComposeFile.Load();
        var runtimeImage = Dockerfile.Load().BaseImages()[^1];

        var usesBash = compose.AppServices()
            .Any(service => service.Value.Texts("healthcheck", "test").Contains("bash"));
        var orchestratorCheck = compose.Services()["orchestrator"].Texts("healthcheck", "test")[^1];

        Assert.Multiple(() =>
        {
            Assert.That(usesBash, Is.True);
            Assert.That(runtimeImage, Does.Not.Contain("chiseled"), "chiseled images have no bash for healthchecks");
            Assert.That(orchestratorCheck, Does.Contain("/health/ready").And.Contain("8080"));
        });
    }
}
