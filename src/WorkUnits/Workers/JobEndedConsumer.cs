using MassTransit;
using WorkUnits.Contracts;

namespace WorkUnits.Workers;

/// <summary>
/// Hears, on a queue of this worker process's own, that a job was cancelled or failed, and cancels its units
/// here. Every worker process has such a queue, so every one of them gets a copy of each event.
/// </summary>
internal sealed class JobEndedConsumer : IConsumer<JobCancelled>, IConsumer<JobFailed>
{
    private readonly RunningUnits _running;

    public JobEndedConsumer(RunningUnits running) => _running = running;

    public Task Consume(ConsumeContext<JobCancelled> context)
    {
        _running.EndJob(context.Message.JobId);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<JobFailed> context)
    {
        _running.EndJob(context.Message.JobId);
        return Task.CompletedTask;
    }
}
