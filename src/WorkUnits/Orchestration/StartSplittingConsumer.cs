using MassTransit;
using WorkUnits.Contracts;

namespace WorkUnits.Orchestration;

/// <summary>Hands an accepted job to the dispatcher.</summary>
internal sealed class StartSplittingConsumer : IConsumer<StartSplitting>
{
    private readonly JobDispatcher _dispatcher;

    public StartSplittingConsumer(JobDispatcher dispatcher) => _dispatcher = dispatcher;

    public Task Consume(ConsumeContext<StartSplitting> context) =>
        _dispatcher.StartJobAsync(context.Message.JobId, context.CancellationToken);
}
