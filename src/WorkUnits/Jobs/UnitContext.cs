namespace WorkUnits.Jobs;

/// <summary>What a unit handler knows about the unit it runs.</summary>
public sealed class UnitContext
{
    private readonly Func<string, CancellationToken, Task>? _saveCheckpoint;

    internal UnitContext(
        Guid jobId,
        long unitIndex,
        int attempt,
        CancellationToken cancellationToken,
        string? checkpoint = null,
        Func<string, CancellationToken, Task>? saveCheckpoint = null)
    {
        JobId = jobId;
        UnitIndex = unitIndex;
        Attempt = attempt;
        CancellationToken = cancellationToken;
        Checkpoint = checkpoint;
        _saveCheckpoint = saveCheckpoint;
    }

    /// <summary>
    /// This context with another cancellation token, for a handler call made by a resilience pipeline that
    /// links its own token (a Polly timeout, for example) to the attempt's.
    /// </summary>
    internal UnitContext WithCancellationToken(CancellationToken cancellationToken) =>
        cancellationToken == CancellationToken
            ? this
            : new UnitContext(JobId, UnitIndex, Attempt, cancellationToken, Checkpoint, _saveCheckpoint);

    /// <summary>
    /// The last checkpoint an earlier attempt of this unit saved, so that this attempt can resume there.
    /// </summary>
    /// <value>Null on the first attempt and when no earlier attempt saved one.</value>
    public string? Checkpoint { get; }

    /// <summary>The job the unit belongs to.</summary>
    public Guid JobId { get; }

    /// <summary>The unit's position in the job's split, from zero.</summary>
    public long UnitIndex { get; }

    /// <summary>The attempt number, from one.</summary>
    public int Attempt { get; }

    /// <summary>A key that is the same for every attempt of this unit and different for every other unit.</summary>
    public string IdempotencyKey => $"{JobId:N}:{UnitIndex}";

    /// <summary>Cancelled when the job is cancelled or the worker shuts down.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>
    /// Durably records how far this attempt got. If the attempt fails, times out or its worker dies, the next
    /// attempt of the unit starts with it in <see cref="Checkpoint"/>. A checkpoint of an attempt that is no
    /// longer the unit's current one is ignored.
    /// </summary>
    /// <param name="checkpoint">A small string, for example a byte offset or a JSON document.</param>
    /// <returns>A task that completes once the checkpoint is stored.</returns>
    public Task SaveCheckpointAsync(string checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);

        return _saveCheckpoint?.Invoke(checkpoint, CancellationToken) ?? Task.CompletedTask;
    }

    /// <summary>Records <paramref name="checkpoint"/> as JSON; see <see cref="SaveCheckpointAsync(string)"/>.</summary>
    /// <typeparam name="T">The checkpoint's type.</typeparam>
    /// <param name="checkpoint">How far this attempt got.</param>
    /// <returns>A task that completes once the checkpoint is stored.</returns>
    public Task SaveCheckpointAsync<T>(T checkpoint) =>
        SaveCheckpointAsync(System.Text.Json.JsonSerializer.Serialize(checkpoint, JobTypes.WorkUnitsJson.Options));

    /// <summary>The earlier attempt's checkpoint read as JSON, or the default when there is none.</summary>
    /// <typeparam name="T">The checkpoint's type.</typeparam>
    /// <returns>The checkpoint.</returns>
    public T? GetCheckpoint<T>() =>
        Checkpoint is null
            ? default
            : System.Text.Json.JsonSerializer.Deserialize<T>(Checkpoint, JobTypes.WorkUnitsJson.Options);
}
