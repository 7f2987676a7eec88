namespace WorkUnits.JobTypes;

/// <summary>Why a job's parameters were refused, and which field is at fault.</summary>
/// <param name="Field">The field's path, for example <c>parameters.units</c>.</param>
/// <param name="Reason">What is wrong with it.</param>
internal sealed record ParameterProblem(string Field, string Reason);
