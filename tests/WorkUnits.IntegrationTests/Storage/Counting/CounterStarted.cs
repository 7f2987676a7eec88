namespace WorkUnits.IntegrationTests.Storage.Counting;

/// <summary>Starts a counter.</summary>
public sealed record CounterStarted(Guid CounterId);
