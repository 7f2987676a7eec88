using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace WorkUnits.IntegrationTests.Infrastructure;

/// <summary>Creates and deletes virtual hosts with the RabbitMQ management API, so fixtures share no queues.</summary>
internal sealed class RabbitMqVirtualHosts : IDisposable
{
    private readonly HttpClient _http;
    private readonly RabbitMqServer _server;

    public RabbitMqVirtualHosts(RabbitMqServer server)
    {
        _server = server;

        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{server.UserName}:{server.Password}"));
        _http = new HttpClient { BaseAddress = server.ManagementUri, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", credentials);
    }

    /// <summary>Creates an empty virtual host and lets the test user do anything in it.</summary>
    public async Task CreateAsync(string name, CancellationToken cancellationToken)
    {
        var vhost = Uri.EscapeDataString(name);
        var user = Uri.EscapeDataString(_server.UserName);

        using var created = await _http.PutAsJsonAsync(
            $"api/vhosts/{vhost}",
            new { description = "WorkUnits integration test" },
            cancellationToken);
        await EnsureSuccessAsync(created, $"create the virtual host {name}", cancellationToken);

        using var granted = await _http.PutAsJsonAsync(
            $"api/permissions/{vhost}/{user}",
            new { configure = ".*", write = ".*", read = ".*" },
            cancellationToken);
        await EnsureSuccessAsync(granted, $"grant {_server.UserName} access to {name}", cancellationToken);
    }

    /// <summary>Deletes a virtual host with its queues and exchanges; a missing one is fine.</summary>
    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        using var deleted = await _http.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(name)}", cancellationToken);
        if (deleted.StatusCode != System.Net.HttpStatusCode.NotFound)
        {
            await EnsureSuccessAsync(deleted, $"delete the virtual host {name}", cancellationToken);
        }
    }

    /// <summary>
    /// Closes every client connection to a virtual host, as a broker restart would, once at least
    /// <paramref name="atLeast"/> are listed: the management API shows a new connection a few seconds late.
    /// </summary>
    /// <returns>How many connections were closed.</returns>
    public async Task<int> CloseConnectionsAsync(string name, int atLeast, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var connections = await ListConnectionsAsync(name, cancellationToken);
        while (connections.Count < atLeast && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250, cancellationToken);
            connections = await ListConnectionsAsync(name, cancellationToken);
        }

        foreach (var connection in connections)
        {
            using var request = new HttpRequestMessage(
                HttpMethod.Delete,
                $"api/connections/{Uri.EscapeDataString(connection)}");
            request.Headers.Add("X-Reason", "closed by a test");
            using var closed = await _http.SendAsync(request, cancellationToken);
        }

        return connections.Count;
    }

    public void Dispose() => _http.Dispose();

    private async Task<List<string>> ListConnectionsAsync(string name, CancellationToken cancellationToken)
    {
        var listed = await _http.GetFromJsonAsync<List<ConnectionName>>(
            $"api/vhosts/{Uri.EscapeDataString(name)}/connections",
            cancellationToken);
        return [.. listed!.Select(connection => connection.Name)];
    }

    private async Task EnsureSuccessAsync(
        HttpResponseMessage response,
        string action,
        CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new InvalidOperationException(
            $"Could not {action} through the RabbitMQ management API at {_server.ManagementUri} " +
            $"({(int)response.StatusCode}: {body}). The user {_server.UserName} must be an administrator and the " +
            "management plugin must be on (rabbitmq-plugins enable rabbitmq_management).");
    }
}

/// <summary>A connection as the management API lists it, by name only.</summary>
internal sealed record ConnectionName(string Name);
