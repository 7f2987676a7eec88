namespace WorkUnits.Storage;

/// <summary>Conversions between <see cref="JobState"/> and the lowercase names used on the wire and in the store.</summary>
internal static class JobStates
{
    public static string ToName(this JobState state) => state switch
    {
        JobState.Submitted => "submitted",
        JobState.Splitting => "splitting",
        JobState.Running => "running",
        JobState.Finalizing => "finalizing",
        JobState.Completed => "completed",
        JobState.Failed => "failed",
        JobState.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static bool TryParse(string name, out JobState state) =>
        Enum.TryParse(name, ignoreCase: true, out state) && Enum.IsDefined(state);

    public static bool IsFinal(this JobState state) =>
        state is JobState.Completed or JobState.Failed or JobState.Cancelled;

    /// <summary>True while the job's units may still be dispatched and run.</summary>
    public static bool IsActive(this JobState state) =>
        state is JobState.Submitted or JobState.Splitting or JobState.Running;
}
