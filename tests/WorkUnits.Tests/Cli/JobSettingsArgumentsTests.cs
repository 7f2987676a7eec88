using NUnit.Framework;
using WorkUnits.Cli.CommandLine;
using WorkUnits.Contracts;

namespace WorkUnits.Tests.Cli;

[TestFixture]
public sealed class JobSettingsArgumentsTests
{
    [Test]
    public void Parse_NoSettings_IsNullSoTheOrchestratorDefaultsApply()
    {
        var settings = JobSettingsArguments.Parse([]);

        Assert.That(settings, Is.Null);
    }

    [Test]
    public void Parse_EverySetting_FillsTheJobSettings()
    {
        string[] pairs =
        [
            "maxInFlight=5000", "maxFailedUnits=1", "maxFailedPercent=2.5", "maxAttempts=3",
            "unitTimeout=00:01:30", "deadline=2030-01-01T12:00:00Z",
        ];

        var settings = JobSettingsArguments.Parse(pairs);

        Assert.That(settings, Is.EqualTo(new JobSettings
        {
            MaxInFlight = 5000,
            MaxFailedUnits = 1,
            MaxFailedPercent = 2.5,
            MaxAttempts = 3,
            UnitTimeout = TimeSpan.FromSeconds(90),
            Deadline = "2030-01-01T12:00:00Z",
        }));
    }

    [Test]
    public void Parse_NamesInAnyCase_AreTheSameSetting()
    {
        var settings = JobSettingsArguments.Parse(["MAXINFLIGHT=10", "maxattempts=2", "UnitTimeout=00:00:05"]);

        Assert.That(settings, Is.EqualTo(new JobSettings
        {
            MaxInFlight = 10,
            MaxAttempts = 2,
            UnitTimeout = TimeSpan.FromSeconds(5),
        }));
    }

    [Test]
    public void Parse_SameSettingTwice_TheLastWins()
    {
        var settings = JobSettingsArguments.Parse(["maxAttempts=2", "maxAttempts=7"]);

        Assert.That(settings!.MaxAttempts, Is.EqualTo(7));
    }

    [Test]
    public void Parse_UnknownName_IsAUsageErrorNamingItAndTheKnownSettings()
    {
        var error = Assert.Throws<UsageException>(() => JobSettingsArguments.Parse(["maxInflite=10"]));

        Assert.That(error!.Message, Does.Contain("'maxInflite' is not a job setting").And.Contain("maxInFlight"));
    }

    [TestCase("maxInFlight=many", "'many' is not a whole number")]
    [TestCase("maxFailedUnits=1.5", "'1.5' is not a whole number")]
    [TestCase("maxAttempts=99999999999", "'99999999999' is not a whole number")]
    [TestCase("maxFailedPercent=half", "'half' is not a number")]
    [TestCase("unitTimeout=5m", "'5m' is not a duration")]
    [TestCase("deadline=", "'' is not a duration")]
    public void Parse_ValueOfTheWrongKind_IsAUsageErrorNamingTheSettingAndTheValue(string pair, string expected)
    {
        var error = Assert.Throws<UsageException>(() => JobSettingsArguments.Parse([pair]));

        Assert.That(error!.Message, Does.Contain($"--setting '{pair}'").And.Contain(expected));
    }

    [TestCase("maxInFlight")]
    [TestCase("=10")]
    public void Parse_NotNameEqualsValue_IsAUsageError(string pair)
    {
        var error = Assert.Throws<UsageException>(() => JobSettingsArguments.Parse([pair]));

        Assert.That(error!.Message, Does.Contain("is not of the form name=value"));
    }

    [Test]
    public void ParsedArguments_RepeatedSettingOption_KeepsEveryPairForTheSubmit()
    {
        var args = ParsedArguments.Parse(
            [
                "submit", "synthetic", "--setting", "maxInFlight=5000", "--param", "units=1",
                "--setting", "maxAttempts=3"
            ]);

        var settings = JobSettingsArguments.Parse(args.Values("--setting"));

        Assert.Multiple(() =>
        {
            Assert.That(args.Positional.Single(), Is.EqualTo("synthetic"));
            Assert.That(args.ConfigurationArguments, Is.Empty);
            Assert.That(settings, Is.EqualTo(new JobSettings { MaxInFlight = 5000, MaxAttempts = 3 }));
        });
    }
}
