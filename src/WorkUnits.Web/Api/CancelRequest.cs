namespace WorkUnits.Web.Api;

/// <summary>The optional body of a cancel.</summary>
/// <param name="Reason">Why, for the record; at most 500 characters.</param>
internal sealed record CancelRequest(string? Reason);
