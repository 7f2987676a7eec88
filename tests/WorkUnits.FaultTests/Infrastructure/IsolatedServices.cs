using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace WorkUnits.FaultTests.Infrastructure;

/// <summary>
/// A fresh RabbitMQ virtual host and PostgreSQL database for one fault test, on the services named by
/// <c>RabbitMq__Url</c> and <c>Postgres__ConnectionString</c>; both are deleted on dispose.
/// </summary>
internal sealed class IsolatedServices : IAsyncDisposable
{
    private readonly HttpClient _management;
    private readonly string _serverConnectionString;

    private IsolatedServices(HttpClient management, string serverConnectionString, string name, string rabbitMqUrl)
    {
        _management = management;
        _serverConnectionString = serverConnectionString;
        Name = name;
        RabbitMqUrl = rabbitMqUrl;
        PostgresConnectionString =
            new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ToString();
    }

    public string Name { get; }

    public string RabbitMqUrl { get; }

    public string PostgresConnectionString { get; }

    public static async Task<IsolatedServices> CreateAsync()
    {
        var url = Environment.GetEnvironmentVariable("RabbitMq__Url")
            ?? throw new InvalidOperationException(
                "Set RabbitMq__Url (an administrator; management API on port 15672).");
        var postgres = Environment.GetEnvironmentVariable("Postgres__ConnectionString")
            ?? throw new InvalidOperationException(
                "Set Postgres__ConnectionString (a role that may create databases).");
        var name = $"workunits_fault_{Guid.NewGuid():N}"[..28];

        var amqp = new Uri(url);
        var credentials = Uri.UnescapeDataString(amqp.UserInfo);
        var user = credentials.Split(':')[0];
        var management = new HttpClient { BaseAddress = new Uri($"http://{amqp.Host}:15672/") };
        management.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));

        (await management.PutAsJsonAsync($"api/vhosts/{name}", new { })).EnsureSuccessStatusCode();
        (await management.PutAsJsonAsync(
            $"api/permissions/{name}/{Uri.EscapeDataString(user)}",
            new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        await ExecuteAsync(postgres, $"CREATE DATABASE \"{name}\"");

        var rabbitMqUrl = new UriBuilder(amqp) { Path = "/" + name }.Uri.ToString();
        return new IsolatedServices(management, postgres, name, rabbitMqUrl);
    }

    /// <summary>The queues of the virtual host whose name ends in <c>_error</c>, with their message counts.</summary>
    public async Task<Dictionary<string, long>> ErrorQueuesAsync()
    {
        using var document = JsonDocument.Parse(await _management.GetStringAsync($"api/queues/{Name}"));
        return document.RootElement.EnumerateArray()
            .Select(queue => (Name: queue.GetProperty("name").GetString()!, Messages: MessagesOf(queue)))
            .Where(queue => queue.Name.EndsWith("_error", StringComparison.Ordinal))
            .ToDictionary(queue => queue.Name, queue => queue.Messages);
    }

    /// <summary>
    /// Closes every client connection to this virtual host, as <c>rabbitmqctl close_all_connections</c> does for the
    /// whole broker, but without touching other tests' connections.
    /// </summary>
    /// <returns>How many connections were closed.</returns>
    /// <param name="atLeast">Waits, up to 30 seconds, until the management API lists this many connections; its
    /// statistics lag behind new connections by a few seconds.</param>
    public async Task<int> CloseConnectionsAsync(int atLeast)
    {
        var names = await ListConnectionsAsync();
        for (var wait = 0; names.Count < atLeast && wait < 60; wait++)
        {
            await Task.Delay(500);
            names = await ListConnectionsAsync();
        }

        foreach (var name in names)
        {
            using var request = new HttpRequestMessage(
                HttpMethod.Delete,
                $"api/connections/{Uri.EscapeDataString(name)}");
            request.Headers.Add("X-Reason", "fault injection");
            await _management.SendAsync(request);
        }

        return names.Count;
    }

    /// <summary>
    /// How many messages a queue of this virtual host holds, ready and unacknowledged; the management API's
    /// statistics lag a few seconds behind the queue.
    /// </summary>
    public async Task<long> QueueMessagesAsync(string queue)
    {
        using var document = JsonDocument.Parse(await _management.GetStringAsync($"api/queues/{Name}/{queue}"));
        return MessagesOf(document.RootElement);
    }

    /// <summary>Copies of up to <paramref name="count"/> messages at the head of a queue, which keeps them.</summary>
    /// <remarks>The broker puts the messages back marked as redelivered, as if a consumer had dropped them.</remarks>
    public async Task<IReadOnlyList<QueuedMessage>> PeekAsync(string queue, int count)
    {
        using var response = await _management.PostAsJsonAsync(
            $"api/queues/{Name}/{queue}/get",
            new { count, ackmode = "ack_requeue_true", encoding = "auto" });
        response.EnsureSuccessStatusCode();

        var messages = await response.Content.ReadFromJsonAsync<JsonArray>() ?? [];
        return [.. messages.Select(message => new QueuedMessage(
            message!["payload"]!.GetValue<string>(),
            message["payload_encoding"]!.GetValue<string>(),
            message["properties"]!.DeepClone()))];
    }

    /// <summary>Publishes a message to a queue of this virtual host through the default exchange.</summary>
    /// <returns>Whether the broker routed it to a queue.</returns>
    public async Task<bool> PublishAsync(
        string queue,
        string payload,
        JsonNode? properties = null,
        string encoding = "string")
    {
        using var response = await _management.PostAsJsonAsync(
            $"api/exchanges/{Name}/amq.default/publish",
            new
            {
                properties = properties ?? new JsonObject(),
                routing_key = queue,
                payload,
                payload_encoding = encoding,
            });
        response.EnsureSuccessStatusCode();

        var answer = await response.Content.ReadFromJsonAsync<JsonObject>();
        return answer?["routed"]?.GetValue<bool>() == true;
    }

    private async Task<List<string>> ListConnectionsAsync()
    {
        using var document = JsonDocument.Parse(await _management.GetStringAsync($"api/vhosts/{Name}/connections"));
        return [.. document.RootElement.EnumerateArray()
            .Select(connection => connection.GetProperty("name").GetString()!)];
    }

    public async ValueTask DisposeAsync()
    {
        await _management.DeleteAsync($"api/vhosts/{Name}");
        _management.Dispose();
        await ExecuteAsync(_serverConnectionString, $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    private static long MessagesOf(JsonElement queue) =>
        queue.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Number
            ? messages.GetInt64()
            : 0;

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        var server = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(server.ToString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
