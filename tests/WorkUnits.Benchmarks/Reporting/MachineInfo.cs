using System.Diagnostics;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace WorkUnits.Benchmarks.Reporting;

/// <summary>The machine and the service versions a run was measured on.</summary>
internal static class MachineInfo
{
    public static async Task<IReadOnlyList<(string Name, string Value)>> DescribeAsync(BenchmarkSettings settings)
    {
        var cpu = File.ReadLines("/proc/cpuinfo")
            .FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "?";
        var memory = File.ReadLines("/proc/meminfo")
            .FirstOrDefault(line => line.StartsWith("MemTotal", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "?";

        return
        [
            ("nproc", Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("CPU", cpu),
            ("memory", memory),
            ("OS", RuntimeInformation.OSDescription),
            (".NET", RuntimeInformation.FrameworkDescription),
            ("RabbitMQ", await RabbitMqVersionAsync(settings)),
            ("PostgreSQL", await PostgresVersionAsync(settings)),
            ("load average at start", File.ReadAllText("/proc/loadavg").Trim()),
            ("git commit", $"{Git("rev-parse --short HEAD")} ({UncommittedFiles()} files changed in the working tree)"),
        ];
    }

    private static async Task<string> RabbitMqVersionAsync(BenchmarkSettings settings)
    {
        try
        {
            var broker = new Uri(settings.RabbitMqUrl);
            using var http = new HttpClient { BaseAddress = new Uri($"http://{broker.Host}:15672/") };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(broker.UserInfo))));
            using var overview = JsonDocument.Parse(await http.GetStringAsync("api/overview"));
            return overview.RootElement.GetProperty("rabbitmq_version").GetString() ?? "?";
        }
        catch (HttpRequestException exception)
        {
            return $"unknown ({exception.Message})";
        }
    }

    private static async Task<string> PostgresVersionAsync(BenchmarkSettings settings)
    {
        await using var connection = new NpgsqlConnection(settings.PostgresConnectionString);
        await connection.OpenAsync();
        return connection.PostgreSqlVersion.ToString() + (await IsSynchronousCommitOffAsync(connection) ? " (synchronous_commit off)" : "");
    }

    private static async Task<bool> IsSynchronousCommitOffAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("SHOW synchronous_commit", connection);
        return (await command.ExecuteScalarAsync()) is "off";
    }

    private static int UncommittedFiles() =>
        Git("status --porcelain --untracked-files=no").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;

    private static string Git(string arguments)
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            var output = git!.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? output : "?";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }
}
