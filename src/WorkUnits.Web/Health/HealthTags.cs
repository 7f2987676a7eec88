namespace WorkUnits.Web.Health;

/// <summary>
/// The tag that puts a health check on <c>/health/ready</c>; MassTransit tags its bus check the same.
/// </summary>
internal static class HealthTags
{
    public const string Ready = "ready";
}
