using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace WorkUnits.Benchmarks.Infrastructure;

/// <summary>
/// A fresh RabbitMQ virtual host and PostgreSQL database for one measurement, deleted afterwards, so no
/// measurement sees another's queues, bindings or rows.
/// </summary>
internal sealed class IsolatedServices : IAsyncDisposable
{
    private readonly HttpClient _management;
    private readonly string _adminConnectionString;

    private IsolatedServices(BenchmarkSettings settings, string name)
    {
        Name = name;

        var broker = new Uri(settings.RabbitMqUrl);
        var user = Uri.UnescapeDataString(broker.UserInfo.Split(':')[0]);
        var password = Uri.UnescapeDataString(broker.UserInfo.Split(':')[1]);
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        _management = new HttpClient { BaseAddress = new Uri($"http://{broker.Host}:15672/") };
        _management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        UserName = user;

        RabbitMqUrl = new UriBuilder(broker) { Path = "/" + Uri.EscapeDataString(name) }.Uri.ToString();

        var admin = new NpgsqlConnectionStringBuilder(settings.PostgresConnectionString) { Pooling = false };
        _adminConnectionString = admin.ConnectionString;
        PostgresConnectionString = new NpgsqlConnectionStringBuilder(settings.PostgresConnectionString)
        {
            Database = name,
        }.ConnectionString;
    }

    public string Name { get; }

    public string UserName { get; }

    public string RabbitMqUrl { get; }

    public string PostgresConnectionString { get; }

    public static async Task<IsolatedServices> CreateAsync(BenchmarkSettings settings, string measurement)
    {
        var name = $"bench_{measurement}_{Guid.NewGuid():N}"[..40].ToLowerInvariant();
        var services = new IsolatedServices(settings, name);

        var vhost = Uri.EscapeDataString(name);
        using (var created = await services._management.PutAsJsonAsync($"api/vhosts/{vhost}", new { description = "benchmark" }))
        {
            created.EnsureSuccessStatusCode();
        }

        using (var granted = await services._management.PutAsJsonAsync(
            $"api/permissions/{vhost}/{Uri.EscapeDataString(services.UserName)}",
            new { configure = ".*", write = ".*", read = ".*" }))
        {
            granted.EnsureSuccessStatusCode();
        }

        await using var connection = new NpgsqlConnection(services._adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();

        return services;
    }

    /// <summary>How many consumers a queue of this virtual host has; zero when it does not exist yet.</summary>
    public async Task<int> CountConsumersAsync(string queue)
    {
        using var response = await _management.GetAsync(
            $"api/queues/{Uri.EscapeDataString(Name)}/{Uri.EscapeDataString(queue)}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return 0;
        }

        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.TryGetProperty("consumers", out var consumers) ? consumers.GetInt32() : 0;
    }

    public async Task WaitForConsumersAsync(string queue, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (await CountConsumersAsync(queue) < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Queue {queue} in {Name} did not get {count} consumers within {timeout}.");
            }

            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var deleted = await _management.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(Name)}");

            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_adminConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception exception) when (exception is HttpRequestException or NpgsqlException)
        {
            Console.Error.WriteLine($"Could not clean up {Name}: {exception.Message}");
        }
        finally
        {
            _management.Dispose();
        }
    }
}
