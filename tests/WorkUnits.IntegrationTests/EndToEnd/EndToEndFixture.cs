using Microsoft.Extensions.Hosting;
using NUnit.Framework;
using WorkUnits.Hosting;
using WorkUnits.IntegrationTests.Infrastructure;

namespace WorkUnits.IntegrationTests.EndToEnd;

/// <summary>
/// A fixture whose WorkUnits hosts live for one test only. WorkUnits runs one orchestrator at a time: an
/// orchestrator left over from an earlier test would take part of the next test's messages with its own
/// settings, so every host a test starts is stopped when the test ends.
/// </summary>
public abstract class EndToEndFixture : ServiceFixture
{
    private readonly List<IHost> _hosts = [];

    [TearDown]
    public async Task StopHostsAsync()
    {
        for (var index = _hosts.Count - 1; index >= 0; index--)
        {
            await _hosts[index].StopAsync();
            _hosts[index].Dispose();
        }

        _hosts.Clear();
    }

    /// <summary>Starts a host on the fixture's services; it is stopped at the end of the test.</summary>
    protected async Task<IHost> StartHostAsync(
        WorkUnitsRole role,
        Action<WorkUnitsBuilder>? addJobTypes = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var host = await WorkUnitsHosts.StartAsync(Endpoints, role, addJobTypes, settings);
        _hosts.Add(host);
        return host;
    }
}
