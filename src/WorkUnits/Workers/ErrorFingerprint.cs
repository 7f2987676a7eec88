using System.Security.Cryptography;
using System.Text;

namespace WorkUnits.Workers;

/// <summary>
/// A short, stable hash of an exception's type and the method that threw it, so that failures with the same
/// cause group together even when their messages differ (ids, file names).
/// </summary>
internal static class ErrorFingerprint
{
    public static string Of(Exception exception)
    {
        var origin = exception.TargetSite is { } site ? $"{site.DeclaringType?.FullName}.{site.Name}" : string.Empty;
        return Of(exception.GetType().FullName ?? exception.GetType().Name, origin);
    }

    public static string Of(string errorType, string origin)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(errorType + "|" + origin));
        return Convert.ToHexStringLower(hash.AsSpan(0, 6));
    }
}
