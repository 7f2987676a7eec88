using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace WorkUnits.Web.Dashboard;

/// <summary>
/// Serves the dashboard: one page and its script and style, embedded in this assembly, so it needs no build step,
/// no files beside the binary and nothing from another host.
/// </summary>
internal static class DashboardEndpoints
{
    private static readonly Lazy<byte[]> Page = new(() => Read("index.html"));
    private static readonly Lazy<byte[]> Script = new(() => Read("app.js"));
    private static readonly Lazy<byte[]> Style = new(() => Read("app.css"));

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var dashboard = endpoints.MapGroup(string.Empty).ExcludeFromDescription();

        dashboard.MapGet("/", () => Asset(Page, "text/html; charset=utf-8"));
        dashboard.MapGet("/jobs/{jobId}", (string jobId) => Asset(Page, "text/html; charset=utf-8"));
        dashboard.MapGet("/dashboard/app.js", () => Asset(Script, "text/javascript; charset=utf-8"));
        dashboard.MapGet("/dashboard/app.css", () => Asset(Style, "text/css; charset=utf-8"));
    }

    private static FileContentHttpResult Asset(Lazy<byte[]> content, string contentType) =>
        TypedResults.Bytes(content.Value, contentType);

    private static byte[] Read(string name)
    {
        var resource = $"{typeof(DashboardEndpoints).Namespace}.{name}";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The dashboard asset {resource} is not embedded in this build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
