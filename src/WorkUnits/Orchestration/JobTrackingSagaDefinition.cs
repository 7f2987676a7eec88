using MassTransit;
using WorkUnits.Contracts;

namespace WorkUnits.Orchestration;

/// <summary>
/// The job saga's endpoint: one job's events apply one at a time, and messages leave only after a save.
/// </summary>
public sealed class JobTrackingSagaDefinition : SagaDefinition<JobTrackingState>
{
    private const int Partitions = 32;

    /// <summary>Names the endpoint <see cref="WorkUnitsQueues.Jobs"/>.</summary>
    public JobTrackingSagaDefinition() => EndpointName = WorkUnitsQueues.Jobs;

    /// <inheritdoc />
    protected override void ConfigureSaga(
        IReceiveEndpointConfigurator endpointConfigurator,
        ISagaConfigurator<JobTrackingState> sagaConfigurator,
        IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(endpointConfigurator);
        ArgumentNullException.ThrowIfNull(sagaConfigurator);

        // A concurrent save of the same job is refused by the repository's version check; trying again
        // reloads the instance and applies the event to the newer state. The long tail rides out a database
        // outage of a few minutes instead of moving the job's events to the error queue.
        endpointConfigurator.UseMessageRetry(retry =>
            retry.Intervals(10, 50, 100, 250, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000, 60_000, 60_000));
        endpointConfigurator.UseInMemoryOutbox(context);

        var partitioner = endpointConfigurator.CreatePartitioner(Partitions);
        sagaConfigurator.Message<JobAccepted>(m => m.UsePartitioner(partitioner, c => c.Message.JobId));
        sagaConfigurator.Message<JobSplitStarted>(m => m.UsePartitioner(partitioner, c => c.Message.JobId));
        sagaConfigurator.Message<JobSplitCompleted>(m => m.UsePartitioner(partitioner, c => c.Message.JobId));
        sagaConfigurator.Message<JobSplitFailed>(m => m.UsePartitioner(partitioner, c => c.Message.JobId));
        sagaConfigurator.Message<JobProgressed>(m => m.UsePartitioner(partitioner, c => c.Message.JobId));
        sagaConfigurator.Message<JobFinalized>(m => m.UsePartitioner(partitioner, c => c.Message.JobId));
        sagaConfigurator.Message<JobFinalizationFailed>(m => m.UsePartitioner(partitioner, c => c.Message.JobId));
        sagaConfigurator.Message<CancelJob>(m => m.UsePartitioner(partitioner, c => c.Message.JobId));
        sagaConfigurator.Message<JobDeadlinePassed>(m => m.UsePartitioner(partitioner, c => c.Message.JobId));
        sagaConfigurator.Message<JobRetryRequested>(m => m.UsePartitioner(partitioner, c => c.Message.JobId));
    }
}
