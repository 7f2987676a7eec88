using System.Globalization;
using System.Text;
using System.Text.Json;
using NUnit.Framework;
using WorkUnits.Contracts;
using WorkUnits.Hosting;
using WorkUnits.IntegrationTests.Infrastructure;

namespace WorkUnits.IntegrationTests.EndToEnd;

[TestFixture]
public sealed class WordCountJobTests : EndToEndFixture
{
    private static readonly string[] Vocabulary =
        ["alpha", "Beta", "gamma", "délta", "ÉPSILON", "zeta42", "中文", "x", "naïve", "Ω", "theta", "iota"];

    private string _directory = null!;

    [SetUp]
    public void CreateFiles()
    {
        _directory = Directory.CreateTempSubdirectory("workunits-wordcount-").FullName;
        var random = new Random(20261203);

        for (var file = 0; file < 4; file++)
        {
            var text = new StringBuilder();
            for (var word = 0; word < 3_000 + (file * 500); word++)
            {
                text.Append(Vocabulary[random.Next(Vocabulary.Length)]);
                text.Append(Separator(random));
            }

            var folder = Path.Combine(_directory, file % 2 == 0 ? "even" : "odd");
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, $"part-{file}.txt"), text.ToString(), Encoding.UTF8);
        }
    }

    [TearDown]
    public void DeleteFiles() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task WordCountJob_SmallByteRanges_MatchesAnIndependentWholeFileCount()
    {
        var host = await StartHostAsync(WorkUnitsRole.All);
        var expected = CountWholeFiles(_directory);
        var submit = new SubmitJob
        {
            JobType = "wordcount",
            Parameters = JsonSerializer.SerializeToElement(new { path = _directory, top = 50, rangeBytes = 97 }),
        };

        var accepted = await host.Client().SubmitAsync(submit);
        var status = await host.Client().WaitForEndAsync(accepted.JobId, TimeSpan.FromMinutes(10));

        var result = status.Result!.Value;
        var top = result.GetProperty("top").EnumerateArray()
            .ToDictionary(
                entry => entry.GetProperty("word").GetString()!,
                entry => entry.GetProperty("count").GetInt64());
        Assert.Multiple(() =>
        {
            Assert.That(status.State, Is.EqualTo("completed"));
            Assert.That(status.Total, Is.GreaterThan(100), "small ranges make many units, so many words straddle them");
            Assert.That(result.GetProperty("totalWords").GetInt64(), Is.EqualTo(expected.Values.Sum()));
            Assert.That(result.GetProperty("distinctWords").GetInt32(), Is.EqualTo(expected.Count));
            Assert.That(top, Is.EquivalentTo(expected));
        });
    }

    private static string Separator(Random random) => random.Next(5) switch
    {
        0 => " ",
        1 => "\n",
        2 => ", ",
        3 => " — ",
        _ => "  ",
    };

    /// <summary>The rule stated plainly: maximal runs of letters or digits, lowercased, over each whole file.</summary>
    private static Dictionary<string, long> CountWholeFiles(string directory)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);

        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file, Encoding.UTF8);
            var start = -1;
            for (var index = 0; index <= text.Length; index++)
            {
                var inWord = index < text.Length && char.IsLetterOrDigit(text[index]);
                if (inWord && start < 0)
                {
                    start = index;
                }
                else if (!inWord && start >= 0)
                {
                    var word = text[start..index].ToLowerInvariant();
                    counts[word] = counts.GetValueOrDefault(word) + 1;
                    start = -1;
                }
            }
        }

        return counts;
    }
}
