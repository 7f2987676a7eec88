using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NUnit.Framework;
using WorkUnits.BuiltInJobs;
using WorkUnits.BuiltInJobs.Synthetic;
using WorkUnits.Hosting;
using WorkUnits.JobTypes;
using WorkUnits.Jobs;

namespace WorkUnits.Tests.BuiltInJobs.Synthetic;

/// <summary>The fault parameters of <c>synthetic</c>: a poison unit (<c>failUnit</c>) and a crash unit.</summary>
[TestFixture]
public sealed class SyntheticFaultUnitTests
{
    private static readonly SyntheticUnitFault[] ExpectedFaults =
    [
        SyntheticUnitFault.None, SyntheticUnitFault.Throw, SyntheticUnitFault.None,
        SyntheticUnitFault.Crash, SyntheticUnitFault.None,
    ];

    private readonly JobTypeRuntime _runtime = JobTypeFactory.Create(
        BuiltInJobTypes.Synthetic,
        typeof(SyntheticSplitter),
        typeof(SyntheticUnitHandler),
        typeof(SyntheticFinalizer));

    [TestCase("failUnit", 10)]
    [TestCase("failUnit", -1)]
    [TestCase("crashUnit", 10)]
    [TestCase("crashUnit", -1)]
    public void CheckParameters_FaultUnitOutsideTheJob_RejectsThatFieldNamingTheRange(string field, long index)
    {
        var json = $$"""{"units":10,"{{field}}":{{index}}}""";

        var (_, problem) = _runtime.CheckParameters(JsonDocument.Parse(json).RootElement);

        Assert.Multiple(() =>
        {
            Assert.That(problem?.Field, Is.EqualTo("parameters." + field));
            Assert.That(problem?.Reason, Does.Contain("between 0 and units - 1 (9)").And.Contain($"not {index}"));
        });
    }

    [Test]
    public void CheckParameters_FaultUnitsInsideTheJob_AreAccepted()
    {
        var json = """{"units":10,"failUnit":0,"crashUnit":9}""";

        var (_, problem) = _runtime.CheckParameters(JsonDocument.Parse(json).RootElement);

        Assert.That(problem, Is.Null);
    }

    [Test]
    public async Task Split_FaultUnits_AreMarkedAndTheOthersAreNot()
    {
        var parameters = new SyntheticParameters { Units = 5, FailUnit = 1, CrashUnit = 3 };

        var faults = new List<SyntheticUnitFault>();
        await foreach (var split in new SyntheticSplitter().SplitAsync(parameters, null, CancellationToken.None))
        {
            faults.Add(split.Unit.Fault);
        }

        Assert.That(faults, Is.EqualTo(ExpectedFaults));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Handle_FailUnit_ThrowsADescriptiveRetryableErrorOnEveryAttempt(int attempt)
    {
        var handler = Handler(allowCrashUnit: false);

        var error = Assert.ThrowsAsync<InvalidOperationException>(
            () => handler.HandleAsync(new SyntheticUnit(7, 0, SyntheticUnitFault.Throw), Context(7, attempt)));

        Assert.That(error!.Message, Does.Contain("unit 7 is the job's failUnit"));
    }

    [Test]
    public void Handle_CrashUnitOnAWorkerThatDoesNotAllowCrashes_FailsPermanentlyNamingTheSetting()
    {
        var handler = Handler(allowCrashUnit: false);

        var error = Assert.ThrowsAsync<PermanentUnitFailureException>(
            () => handler.HandleAsync(new SyntheticUnit(4, 0, SyntheticUnitFault.Crash), Context(4, 1)));

        Assert.That(error!.Message, Does.Contain("WorkUnits:Synthetic:AllowCrashUnit=true"));
    }

    [Test]
    public async Task Handle_OrdinaryUnit_ReturnsItsIndexWhateverTheCrashSetting()
    {
        var handler = Handler(allowCrashUnit: true);

        var result = await handler.HandleAsync(new SyntheticUnit(12, 0), Context(12, 1));

        Assert.That(result, Is.EqualTo(12));
    }

    [TestCase(null, false)]
    [TestCase("false", false)]
    [TestCase("true", true)]
    public void AddBuiltInJobTypes_AllowCrashUnitSetting_IsBoundFromWorkUnitsSynthetic(string? value, bool expected)
    {
        var settings = new Dictionary<string, string?>();
        if (value is not null)
        {
            settings["WorkUnits:Synthetic:AllowCrashUnit"] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        new WorkUnitsBuilder(services, configuration).AddBuiltInJobTypes();
        services.AddSingleton<IConfiguration>(configuration);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<SyntheticOptions>>().Value;

        Assert.That(options.AllowCrashUnit, Is.EqualTo(expected));
    }

    private static SyntheticUnitHandler Handler(bool allowCrashUnit) =>
        new(TimeProvider.System, Options.Create(new SyntheticOptions { AllowCrashUnit = allowCrashUnit }));

    private static UnitContext Context(long unitIndex, int attempt) =>
        new(Guid.NewGuid(), unitIndex, attempt, CancellationToken.None);
}
