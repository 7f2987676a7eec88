using MassTransit;

namespace WorkUnits.IntegrationTests.Storage.Counting;

/// <summary>A test-only saga instance that counts the increments it has seen.</summary>
public sealed class CounterState : SagaStateMachineInstance, ISagaVersion
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = string.Empty;

    public int Version { get; set; }

    public int Count { get; set; }
}
