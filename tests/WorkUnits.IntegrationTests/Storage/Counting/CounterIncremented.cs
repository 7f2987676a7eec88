namespace WorkUnits.IntegrationTests.Storage.Counting;

/// <summary>Adds one to a started counter.</summary>
public sealed record CounterIncremented(Guid CounterId);
