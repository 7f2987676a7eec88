namespace WorkUnits.Contracts;

/// <summary>A submit was refused; nothing of it runs.</summary>
/// <param name="JobId">The job's id when one could be read from the submit.</param>
/// <param name="Field">The path of the field that is wrong, for example <c>parameters.units</c>.</param>
/// <param name="Reason">What is wrong with that field.</param>
public sealed record JobRejected(Guid? JobId, string Field, string Reason);
