using System.Text.Json;
using System.Text.RegularExpressions;

namespace WorkUnits.Deploy.Tests.Support;

/// <summary>The repository's Dockerfile, read instruction by instruction.</summary>
internal sealed partial class Dockerfile
{
    private Dockerfile(IReadOnlyList<DockerfileInstruction> instructions)
    {
        Instructions = instructions;
    }

    public IReadOnlyList<DockerfileInstruction> Instructions { get; }

    public static Dockerfile Load() => Parse(Repository.ReadAllText("Dockerfile"));

    public static Dockerfile Parse(string text)
    {
        var instructions = new List<DockerfileInstruction>();
        var pending = "";

        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim();

            if (line.StartsWith('#') || (line.Length == 0 && pending.Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            var joined = (pending + line).Trim();
            pending = "";

            if (joined.Length > 0)
            {
                var split = joined.Split(' ', 2, StringSplitOptions.TrimEntries);
                var keyword = split[0].ToUpperInvariant();
                instructions.Add(new DockerfileInstruction(keyword, split.ElementAtOrDefault(1) ?? ""));
            }
        }

        return new Dockerfile(instructions);
    }

    public IEnumerable<DockerfileInstruction> All(string keyword) =>
        Instructions.Where(instruction => instruction.Keyword == keyword);

    /// <summary>The instructions of the last stage, the one the image is made of.</summary>
    public IReadOnlyList<DockerfileInstruction> FinalStage =>
        [.. Instructions.Skip(Instructions.ToList().FindLastIndex(instruction => instruction.Keyword == "FROM"))];

    /// <summary>Each FROM's image, with ARG defaults declared before the first FROM substituted.</summary>
    public IReadOnlyList<string> BaseImages()
    {
        var defaults = Instructions
            .TakeWhile(instruction => instruction.Keyword != "FROM")
            .Where(instruction => instruction.Keyword == "ARG")
            .Where(instruction => instruction.Arguments.Contains('=', StringComparison.Ordinal))
            .Select(instruction => instruction.Arguments.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1]);

        return
        [
            .. All("FROM")
                .Select(instruction => instruction.Arguments.Split(' ')[0])
                .Where(image => !All("FROM").Any(stage =>
                    stage.Arguments.EndsWith($" AS {image}", StringComparison.OrdinalIgnoreCase)))
                .Select(image => ArgumentReference().Replace(image, match =>
                    defaults.GetValueOrDefault(match.Groups[1].Value, match.Value))),
        ];
    }

    /// <summary>The JSON array of an exec-form instruction, or null for the shell form.</summary>
    public static IReadOnlyList<string>? ExecForm(DockerfileInstruction instruction)
    {
        if (!instruction.Arguments.StartsWith('['))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<string[]>(instruction.Arguments);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?")]
    private static partial Regex ArgumentReference();
}
