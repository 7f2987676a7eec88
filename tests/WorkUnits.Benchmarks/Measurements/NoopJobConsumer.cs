using MassTransit;

namespace WorkUnits.Benchmarks.Measurements;

/// <summary>A MassTransit job consumer that does nothing.</summary>
public sealed class NoopJobConsumer : IJobConsumer<NoopJob>
{
    public Task Run(JobContext<NoopJob> context) => Task.CompletedTask;
}
