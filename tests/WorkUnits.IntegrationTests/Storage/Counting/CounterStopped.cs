namespace WorkUnits.IntegrationTests.Storage.Counting;

/// <summary>Stops a counter; its instance is then removed.</summary>
public sealed record CounterStopped(Guid CounterId);
