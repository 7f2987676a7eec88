namespace WorkUnits.Web.Api;

/// <summary>What an endpoint does, which decides whether it needs the API token.</summary>
internal enum TokenUse
{
    /// <summary>Reads; open unless <see cref="WorkUnitsWebOptions.RequireTokenForReads"/> is set.</summary>
    Read,

    /// <summary>Changes a job; always needs the token.</summary>
    Action,
}
