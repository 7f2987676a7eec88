namespace WorkUnits;

/// <summary>
/// Marks an exception that no further attempt can fix, such as a malformed input. A unit whose handler throws
/// one fails at once instead of being retried.
/// </summary>
public interface IPermanentUnitFailure
{
}
