using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Extensions live where callers already look for host configuration.
namespace Microsoft.AspNetCore.Builder;

/// <summary>Orders the web server among a WorkUnits host's background services.</summary>
public static class WorkUnitsWebHostBuilderExtensions
{
    private const string WebServerServiceName = "Microsoft.AspNetCore.Hosting.GenericWebHostService";

    /// <summary>
    /// Starts the web server before every other hosted service and stops it after them. ASP.NET Core starts it
    /// last, so while the bus waits for an unreachable broker nothing would answer <c>/health/live</c> and the
    /// platform would restart a process that is only waiting; this way liveness answers at once, readiness says
    /// why the process is not ready, and both keep answering while the bus drains at shutdown.
    /// </summary>
    /// <param name="host">The <see cref="WebApplicationBuilder.Host"/> of the application.</param>
    /// <returns>The same builder.</returns>
    public static IHostBuilder StartWebServerFirst(this IHostBuilder host)
    {
        ArgumentNullException.ThrowIfNull(host);

        // Container callbacks run after WebApplicationBuilder.Build has added the server's hosted service.
        return host.ConfigureContainer<IServiceCollection>((_, services) =>
        {
            var server = services
                .Where(service => service.ServiceType == typeof(IHostedService)
                    && service.ImplementationType?.FullName == WebServerServiceName)
                .ToList();
            if (server.Count == 0)
            {
                throw new InvalidOperationException(
                    "The web server's hosted service was not found; StartWebServerFirst works only on a "
                    + "WebApplicationBuilder's Host.");
            }

            foreach (var descriptor in server)
            {
                services.Remove(descriptor);
            }

            var first = services.TakeWhile(service => service.ServiceType != typeof(IHostedService)).Count();
            foreach (var descriptor in server.AsEnumerable().Reverse())
            {
                services.Insert(first, descriptor);
            }
        });
    }
}
