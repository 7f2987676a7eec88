using MassTransit;

namespace WorkUnits.IntegrationTests.Storage.Counting;

/// <summary>A test-only state machine: started, counting increments, then stopped and removed.</summary>
public sealed class CounterStateMachine : MassTransitStateMachine<CounterState>
{
    public CounterStateMachine()
    {
        InstanceState(counter => counter.CurrentState);

        Event(() => Started, e => e.CorrelateById(context => context.Message.CounterId));
        Event(() => Incremented, e => e.CorrelateById(context => context.Message.CounterId));
        Event(() => Stopped, e => e.CorrelateById(context => context.Message.CounterId));

        Initially(When(Started).TransitionTo(Counting));

        During(
            Counting,
            When(Incremented).Then(context => context.Saga.Count++),
            When(Stopped).Finalize());

        SetCompletedWhenFinalized();
    }

    public State Counting { get; private set; } = null!;

    public Event<CounterStarted> Started { get; private set; } = null!;

    public Event<CounterIncremented> Incremented { get; private set; } = null!;

    public Event<CounterStopped> Stopped { get; private set; } = null!;
}
