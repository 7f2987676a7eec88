using System.Globalization;

namespace WorkUnits.Benchmarks;

/// <summary>What one benchmark run measures, read from the command line and the environment the tests use.</summary>
internal sealed record BenchmarkSettings
{
    public int Units { get; init; } = 100_000;

    public int Runs { get; init; } = 3;

    /// <summary>
    /// Runs of the peers (job consumers, Hangfire), at most <see cref="Runs"/>: at N = 100,000 one peer run takes
    /// many minutes where a WorkUnits run takes seconds.
    /// </summary>
    public int PeerRuns { get; init; } = 3;

    /// <summary>N for the peers (job consumers, Hangfire); N unless a peer cannot finish it in reasonable time.</summary>
    public int PeerUnits { get; init; } = 100_000;

    public long SplitUnits { get; init; } = 1_000_000;

    public TimeSpan SplitTimeLimit { get; init; } = TimeSpan.FromMinutes(3);

    public int[] WorkerCounts { get; init; } = [1, 2, 4];

    public HashSet<string> Only { get; init; } = [];

    public required string OutputDirectory { get; init; }

    public required string RabbitMqUrl { get; init; }

    public required string PostgresConnectionString { get; init; }

    public required string WorkUnitsDll { get; init; }

    public string CommandLine { get; init; } = "";

    public bool Includes(string measurement) => Only.Count == 0 || Only.Contains(measurement);

    public static BenchmarkSettings Parse(string[] args)
    {
        string? Value(string name)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        var units = int.Parse(Value("--n") ?? "100000", CultureInfo.InvariantCulture);
        var runs = int.Parse(Value("--runs") ?? "3", CultureInfo.InvariantCulture);
        var date = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        return new BenchmarkSettings
        {
            Units = units,
            Runs = runs,
            PeerRuns = Math.Min(runs, int.Parse(Value("--peer-runs") ?? "3", CultureInfo.InvariantCulture)),
            PeerUnits = int.Parse(Value("--peer-n") ?? units.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            SplitUnits = long.Parse(Value("--split-n") ?? "1000000", CultureInfo.InvariantCulture),
            SplitTimeLimit = TimeSpan.FromSeconds(double.Parse(Value("--split-seconds") ?? "180", CultureInfo.InvariantCulture)),
            WorkerCounts = (Value("--workers") ?? "1,2,4").Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToArray(),
            Only = [.. (Value("--only") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)],
            OutputDirectory = Path.GetFullPath(Value("--out") ?? Path.Combine("benchmarks", "results", date)),
            RabbitMqUrl = Required("RabbitMq__Url"),
            PostgresConnectionString = Required("Postgres__ConnectionString"),
            WorkUnitsDll = Value("--workunits") ?? FindWorkUnitsDll(),
            CommandLine = "dotnet run -c Release --project tests/WorkUnits.Benchmarks -- " + string.Join(' ', args),
        };
    }

    private static string Required(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set; the benchmark uses the RabbitMQ and PostgreSQL the tests use (see benchmarks/README.md).");

    /// <summary>The workunits executable built with this benchmark, in the default or the artifacts output layout.</summary>
    private static string FindWorkUnitsDll()
    {
        var here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var candidates = new[]
        {
            here.Replace("WorkUnits.Benchmarks", "WorkUnits.Cli", StringComparison.Ordinal),
            here.Replace(
                Path.Combine("tests", "WorkUnits.Benchmarks"),
                Path.Combine("src", "WorkUnits.Cli"),
                StringComparison.Ordinal),
        };

        return candidates.Select(directory => Path.Combine(directory, "workunits.dll")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                $"Could not find workunits.dll next to {here}; build the solution in Release or pass --workunits <path>.");
    }
}
