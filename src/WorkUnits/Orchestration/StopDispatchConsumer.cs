using MassTransit;
using WorkUnits.Contracts;

namespace WorkUnits.Orchestration;

/// <summary>Stops dispatching the units of a job that was cancelled or failed.</summary>
internal sealed class StopDispatchConsumer : IConsumer<JobCancelled>, IConsumer<JobFailed>
{
    private readonly JobDispatcher _dispatcher;

    public StopDispatchConsumer(JobDispatcher dispatcher) => _dispatcher = dispatcher;

    public Task Consume(ConsumeContext<JobCancelled> context) => _dispatcher.StopJobAsync(context.Message.JobId);

    public Task Consume(ConsumeContext<JobFailed> context) => _dispatcher.StopJobAsync(context.Message.JobId);
}
