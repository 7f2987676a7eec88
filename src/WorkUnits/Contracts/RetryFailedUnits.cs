namespace WorkUnits.Contracts;

/// <summary>
/// Asks for the failed units of a completed or failed job to run again; answered by
/// <see cref="FailedUnitsRetrying"/>, <see cref="RetryRefused"/> or <see cref="JobNotFound"/>.
/// </summary>
/// <param name="JobId">The job's id.</param>
public sealed record RetryFailedUnits(Guid JobId);
