using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WorkUnits.Web;
using WorkUnits.Web.Health;

// Extensions live where callers already look for service registration.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the WorkUnits HTTP API, dashboard and health checks.</summary>
public static class WorkUnitsWebServiceCollectionExtensions
{
    /// <summary>
    /// Adds what <c>MapWorkUnitsWeb</c> serves: the options of section <c>WorkUnits:Web</c>, checked at start-up,
    /// the OpenAPI document, and a readiness check of the store beside MassTransit's own bus check. Call it after
    /// <c>AddWorkUnits</c>.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The configuration to read settings from.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddWorkUnitsWeb(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<WorkUnitsWebOptions>()
            .Bind(configuration.GetSection(WorkUnitsWebOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<WorkUnitsWebOptions>, WorkUnitsWebOptionsValidator>());

        services.AddProblemDetails();
        services.AddOpenApi("v1", openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "WorkUnits API";
            document.Info.Description =
                "Lists, inspects and cancels WorkUnits jobs. Actions need 'Authorization: Bearer <token>' with the "
                + "server's WorkUnits:Web:ApiToken; reads need it too when WorkUnits:Web:RequireTokenForReads is true. "
                + "Errors are RFC 9457 problem details; a bad parameter is named in 'errors'.";
            return Task.CompletedTask;
        }));

        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>(StoreHealthCheck.Name, tags: [HealthTags.Ready]);

        return services;
    }
}
