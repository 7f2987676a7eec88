using MassTransit;
using MassTransit.Contracts.JobService;

namespace WorkUnits.Benchmarks.Measurements;

/// <summary>Counts the <c>JobCompleted</c> events the job service publishes.</summary>
public sealed class CompletedJobCounter : IConsumer<JobCompleted>
{
    private readonly JobTally _tally;

    public CompletedJobCounter(JobTally tally) => _tally = tally;

    public Task Consume(ConsumeContext<JobCompleted> context)
    {
        _tally.Increment();
        return Task.CompletedTask;
    }
}
