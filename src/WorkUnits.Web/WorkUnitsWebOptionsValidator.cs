using Microsoft.Extensions.Options;

namespace WorkUnits.Web;

/// <summary>Refuses protected reads without a token to check them against.</summary>
internal sealed class WorkUnitsWebOptionsValidator : IValidateOptions<WorkUnitsWebOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkUnitsWebOptions options) =>
        options.RequireTokenForReads && string.IsNullOrEmpty(options.ApiToken)
            ? ValidateOptionsResult.Fail(
                "WorkUnits:Web:RequireTokenForReads is true but WorkUnits:Web:ApiToken is not set; set a token, "
                + "or leave reads open.")
            : ValidateOptionsResult.Success;
}
