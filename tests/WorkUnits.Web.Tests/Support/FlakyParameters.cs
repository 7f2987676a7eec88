namespace WorkUnits.Web.Tests.Support;

/// <summary>The parameters of the test-only <c>flaky</c> job.</summary>
/// <param name="Units">How many units the job has.</param>
/// <param name="FailEvery">Every unit whose index is a multiple of this fails; 0 for none.</param>
/// <param name="UnitMs">How long each unit works first, in milliseconds.</param>
public sealed record FlakyParameters(long Units, int FailEvery, int UnitMs);
