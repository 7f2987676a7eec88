using System.ComponentModel;
using System.Diagnostics;

namespace WorkUnits.FaultTests.Infrastructure;

/// <summary>
/// Stops and starts the RabbitMQ node and the PostgreSQL cluster the tests use, with their own command-line tools.
/// That works only on the machine that runs them, as a user allowed to control them (root on CI, which installs
/// both from Debian's packages); anywhere else these faults fail with a message saying so.
/// </summary>
internal static class LocalServices
{
    /// <summary>Stops the RabbitMQ application on the node, as <c>rabbitmqctl stop_app</c>: every connection drops
    /// and the broker refuses new ones until <see cref="StartBrokerAsync"/>.</summary>
    public static Task StopBrokerAsync() => RunAsync("rabbitmqctl", "stop_app");

    /// <summary>Starts the RabbitMQ application again and waits until it accepts connections.</summary>
    public static async Task StartBrokerAsync()
    {
        await RunAsync("rabbitmqctl", "start_app");
        await RunAsync("rabbitmqctl", "await_startup");
    }

    /// <summary>Restarts the first PostgreSQL cluster of <c>pg_lsclusters</c>, ending every connection.</summary>
    public static async Task RestartPostgresAsync()
    {
        var clusters = await RunAsync("pg_lsclusters", "-h");
        var cluster = clusters.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .FirstOrDefault(fields => fields.Length >= 2)
            ?? throw new InvalidOperationException("pg_lsclusters lists no PostgreSQL cluster to restart.");

        await RunAsync("pg_ctlcluster", $"{cluster[0]} {cluster[1]} restart");
    }

    private static async Task<string> RunAsync(string command, string arguments)
    {
        var start = new ProcessStartInfo(command, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException(
                $"This fault needs '{command}' on this machine to control the service the tests use: run the fault "
                + "tests where RabbitMQ and PostgreSQL run, as .ci/run does.",
                exception);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"'{command} {arguments}' exited with {process.ExitCode}: {await error}{await output}");
            }

            return await output;
        }
    }
}
