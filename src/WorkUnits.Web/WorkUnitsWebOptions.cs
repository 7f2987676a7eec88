using System.ComponentModel.DataAnnotations;

namespace WorkUnits.Web;

/// <summary>Who may use the HTTP API and the dashboard; section <c>WorkUnits:Web</c>.</summary>
public sealed class WorkUnitsWebOptions
{
    /// <summary>The configuration section these settings are read from.</summary>
    public const string SectionName = "WorkUnits:Web";

    /// <summary>
    /// The bearer token that actions (cancel, retry) must carry in <c>Authorization: Bearer ...</c>. Without one,
    /// actions are refused and the dashboard only reads.
    /// </summary>
    /// <value>Defaults to none.</value>
    [MinLength(16, ErrorMessage = "WorkUnits:Web:ApiToken must be at least 16 characters long; use a random secret.")]
    public string? ApiToken { get; set; }

    /// <summary>Whether reading jobs needs the token as well; health endpoints never need it.</summary>
    /// <value>Defaults to false: anyone who can reach the port can read.</value>
    public bool RequireTokenForReads { get; set; }
}
