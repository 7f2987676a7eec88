namespace WorkUnits.Web.Api;

/// <summary>The answer to an action the orchestrator carries out shortly after.</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="Message">What happens next.</param>
internal sealed record ActionAccepted(Guid JobId, string Message);
