using Microsoft.Extensions.Hosting;
using WorkUnits.Storage;

namespace WorkUnits.Hosting;

/// <summary>Creates the store's schema before the bus starts delivering messages that need it.</summary>
internal sealed class StoreInitializer : IHostedService
{
    private readonly IWorkUnitStore _store;

    public StoreInitializer(IWorkUnitStore store) => _store = store;

    public Task StartAsync(CancellationToken cancellationToken) => _store.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
