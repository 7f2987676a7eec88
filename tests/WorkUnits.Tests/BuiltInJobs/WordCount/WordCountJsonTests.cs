using System.Text.Json;
using NUnit.Framework;
using WorkUnits.BuiltInJobs.WordCount;
using WorkUnits.JobTypes;

namespace WorkUnits.Tests.BuiltInJobs.WordCount;

public sealed class WordCountJsonTests
{
    [Test]
    public void UnitResult_WordsEqualIgnoringCase_SurviveAJsonRoundTrip()
    {
        // Lowercased words can still be equal under a case-insensitive comparison ("ı" and "i"),
        // so the dictionary must come back ordinal.
        var result = new WordCountUnitResult(new Dictionary<string, int> { ["ı"] = 1, ["i"] = 2, ["Word"] = 3 });

        var json = JsonSerializer.Serialize(result, WorkUnitsJson.Options);
        var read = JsonSerializer.Deserialize<WordCountUnitResult>(json, WorkUnitsJson.Options)!;

        Assert.That(read.Words, Is.EqualTo(result.Words));
    }

    [Test]
    public void Result_SerializedAsJson_UsesTheDocumentedNames()
    {
        var result = new WordCountResult(3, 2, [new WordFrequency("a", 2), new WordFrequency("b", 1)]);

        var json = JsonSerializer.Serialize(result, WorkUnitsJson.Options);

        var expected = """
            {"totalWords":3,"distinctWords":2,"top":[{"word":"a","count":2},{"word":"b","count":1}]}
            """;
        Assert.That(json, Is.EqualTo(expected));
    }
}
