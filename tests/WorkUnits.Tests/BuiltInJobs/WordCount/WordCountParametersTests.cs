using System.Text.Json;
using NUnit.Framework;
using WorkUnits.BuiltInJobs.WordCount;
using WorkUnits.JobTypes;

namespace WorkUnits.Tests.BuiltInJobs.WordCount;

public sealed class WordCountParametersTests : WordCountFixtureBase
{
    private readonly JobTypeRuntime _runtime = JobTypeFactory.Create(
        "wordcount",
        typeof(WordCountSplitter),
        typeof(WordCountHandler),
        typeof(WordCountFinalizer));

    [Test]
    public void CheckParameters_NoPath_RejectsPath()
    {
        var (_, problem) = _runtime.CheckParameters(Json("{}"));

        Assert.That(problem?.Field, Is.EqualTo("parameters.path"));
    }

    [Test]
    public void CheckParameters_NoParametersAtAll_RejectsPath()
    {
        var (_, problem) = _runtime.CheckParameters(null);

        Assert.That(problem?.Field, Is.EqualTo("parameters.path"));
    }

    [Test]
    public void CheckParameters_EmptyPath_RejectsPath()
    {
        var (_, problem) = _runtime.CheckParameters(Json("""{"path":""}"""));

        Assert.That(problem?.Field, Is.EqualTo("parameters.path"));
    }

    [Test]
    public void CheckParameters_NonexistentPath_RejectsPathSayingItDoesNotExist()
    {
        var missing = Path.Combine(Root, "missing.txt");

        var (_, problem) = _runtime.CheckParameters(Json(JsonSerializer.Serialize(new { path = missing })));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(problem?.Field, Is.EqualTo("parameters.path"));
            Assert.That(problem?.Reason, Does.StartWith("does not exist").And.Contain(missing));
        }
    }

    [TestCase(0)]
    [TestCase(1001)]
    [TestCase(-5)]
    public void CheckParameters_TopOutOfRange_RejectsTop(int top)
    {
        var json = JsonSerializer.Serialize(new { path = Root, top });

        var (_, problem) = _runtime.CheckParameters(Json(json));

        Assert.That(problem, Is.EqualTo(new ParameterProblem("parameters.top", "must be between 1 and 1000")));
    }

    [TestCase(15)]
    [TestCase(1_048_577)]
    public void CheckParameters_RangeBytesOutOfRange_RejectsRangeBytes(int rangeBytes)
    {
        var json = JsonSerializer.Serialize(new { path = Root, rangeBytes });

        var (_, problem) = _runtime.CheckParameters(Json(json));

        Assert.That(problem?.Field, Is.EqualTo("parameters.rangeBytes"));
    }

    [Test]
    public void CheckParameters_ExistingDirectory_AcceptsWithDefaults()
    {
        var json = JsonSerializer.Serialize(new { path = Root });

        var (parameters, problem) = _runtime.CheckParameters(Json(json));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(problem, Is.Null);
            Assert.That(
                parameters,
                Is.EqualTo(JsonSerializer.Serialize(new { path = Root, top = 20, rangeBytes = 1_048_576 })));
        }
    }

    [Test]
    public void CheckParameters_ExistingFileAndLimits_Accepts()
    {
        var path = WriteFile("a.txt", []);
        var json = JsonSerializer.Serialize(new { path, top = 1000, rangeBytes = 16 });

        var (_, problem) = _runtime.CheckParameters(Json(json));

        Assert.That(problem, Is.Null);
    }

    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);

        return document.RootElement.Clone();
    }
}
