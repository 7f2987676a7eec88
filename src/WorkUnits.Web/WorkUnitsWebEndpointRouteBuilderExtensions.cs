using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WorkUnits.Hosting;
using WorkUnits.Web.Api;
using WorkUnits.Web.Dashboard;
using WorkUnits.Web.Health;

// Extensions live where callers already look for endpoint mapping.
namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the WorkUnits HTTP endpoints.</summary>
public static class WorkUnitsWebEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>/health/live</c> (the process is up; never checks the broker or the database) and
    /// <c>/health/ready</c> (the bus is connected and the store answers) in every role; and in the orchestrator and
    /// all roles also the job API under <c>/api/jobs</c>, its OpenAPI document at <c>/openapi/v1.json</c>, and the
    /// dashboard at <c>/</c>.
    /// </summary>
    /// <param name="endpoints">The application's routes.</param>
    /// <returns>The same routes, for chaining.</returns>
    public static IEndpointRouteBuilder MapWorkUnitsWeb(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthTags.Ready),
        });

        var role = endpoints.ServiceProvider.GetRequiredService<IOptions<WorkUnitsOptions>>().Value.Role;
        if (role.RunsOrchestrator())
        {
            JobsApi.Map(endpoints);
            endpoints.MapOpenApi("/openapi/{documentName}.json");
            DashboardEndpoints.Map(endpoints);
        }

        return endpoints;
    }
}
