using Microsoft.Extensions.Diagnostics.HealthChecks;
using WorkUnits.Storage;

namespace WorkUnits.Web.Health;

/// <summary>Ready only while the store answers a cheap query.</summary>
internal sealed class StoreHealthCheck : IHealthCheck
{
    public const string Name = "workunits-store";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly IWorkUnitStore _store;

    public StoreHealthCheck(IWorkUnitStore store) => _store = store;

    public async Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context,
        CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);

        try
        {
            await _store.PingAsync(timeout.Token);
            return HealthCheckResult.Healthy("The store answered.");
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The message names the failure's type only: a driver's message may carry the server's address.
            return new HealthCheckResult(
                context.Registration.FailureStatus,
                $"The store did not answer ({exception.GetType().Name}).");
        }
    }
}
