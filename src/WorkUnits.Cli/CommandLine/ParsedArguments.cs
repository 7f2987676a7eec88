namespace WorkUnits.Cli.CommandLine;

/// <summary>
/// A command line split into the command, its positional arguments, its own options, and everything else,
/// which is handed to .NET configuration (for example <c>--WorkUnits:Worker:Concurrency=8</c> or <c>--urls</c>).
/// </summary>
internal sealed class ParsedArguments
{
    private static readonly HashSet<string> Flags = ["--json", "--wait", "--help", "-h"];
    private static readonly HashSet<string> ValueOptions =
        ["--job", "--param", "--setting", "--id", "--role", "--state", "--type", "--limit", "--reason"];

    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);

    private ParsedArguments(string command) => Command = command;

    public string Command { get; }

    public List<string> Positional { get; } = [];

    public List<string> ConfigurationArguments { get; } = [];

    public bool Json => Has("--json");

    public bool Help => Has("--help") || Has("-h");

    public static ParsedArguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new ParsedArguments(args.Count == 0 ? "help" : args[0]);

        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (Flags.Contains(arg))
            {
                parsed.Add(arg, "true");
            }
            else if (ValueOptions.Contains(arg))
            {
                if (i + 1 >= args.Count)
                {
                    throw new UsageException($"{arg} needs a value.");
                }

                parsed.Add(arg, args[++i]);
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                parsed.ConfigurationArguments.Add(arg);
                var valueFollows = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
                if (!arg.Contains('=', StringComparison.Ordinal) && valueFollows)
                {
                    parsed.ConfigurationArguments.Add(args[++i]);
                }
            }
            else
            {
                parsed.Positional.Add(arg);
            }
        }

        return parsed;
    }

    public bool Has(string option) => _options.ContainsKey(option);

    public string? Value(string option) => _options.TryGetValue(option, out var values) ? values[^1] : null;

    public IReadOnlyList<string> Values(string option) => _options.TryGetValue(option, out var values) ? values : [];

    public Guid JobId(int position)
    {
        if (Positional.Count <= position)
        {
            throw new UsageException($"'{Command}' needs a job id.");
        }

        return Guid.TryParse(Positional[position], out var jobId)
            ? jobId
            : throw new UsageException($"'{Positional[position]}' is not a job id (a GUID).");
    }

    private void Add(string option, string value)
    {
        if (!_options.TryGetValue(option, out var values))
        {
            _options[option] = values = [];
        }

        values.Add(value);
    }
}
