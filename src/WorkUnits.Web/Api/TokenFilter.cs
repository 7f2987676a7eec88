using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace WorkUnits.Web.Api;

/// <summary>Lets a request through only with the configured bearer token, where the endpoint needs one.</summary>
internal sealed class TokenFilter : IEndpointFilter
{
    private const string Scheme = "Bearer ";

    private readonly TokenUse _use;

    public TokenFilter(TokenUse use) => _use = use;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var options = http.RequestServices.GetRequiredService<IOptions<WorkUnitsWebOptions>>().Value;

        if (_use == TokenUse.Read && !options.RequireTokenForReads)
        {
            return await next(context);
        }

        if (string.IsNullOrEmpty(options.ApiToken))
        {
            return TypedResults.Problem(
                "Actions are turned off on this server: it has no WorkUnits:Web:ApiToken configured.",
                statusCode: StatusCodes.Status403Forbidden);
        }

        string header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(
                "This request needs the API token in the header 'Authorization: Bearer <token>'.",
                statusCode: StatusCodes.Status401Unauthorized);
        }

        if (!Matches(header[Scheme.Length..].Trim(), options.ApiToken))
        {
            http.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            return TypedResults.Problem("The API token is wrong.", statusCode: StatusCodes.Status401Unauthorized);
        }

        return await next(context);
    }

    // Hashing first makes the comparison take the same time whatever the lengths.
    private static bool Matches(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
