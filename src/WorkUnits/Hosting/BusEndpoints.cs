using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WorkUnits.Contracts;
using WorkUnits.Orchestration;
using WorkUnits.Telemetry;
using WorkUnits.Workers;

namespace WorkUnits.Hosting;

/// <summary>
/// Declares the receive endpoints of a role; the same on every transport. The queues are classic durable
/// queues: senders address them as <c>queue:name</c>, which declares the queue if it is missing so that no
/// message is dropped before its consumer has started, and a sender's declaration can carry no queue type.
/// </summary>
internal static class BusEndpoints
{
    public static void AddConsumers(IBusRegistrationConfigurator bus, WorkUnitsRole role, WorkUnitsBuilder builder)
    {
        if (role.RunsOrchestrator())
        {
            var saga = bus.AddSagaStateMachine<JobTrackingStateMachine, JobTrackingState>(
                typeof(JobTrackingSagaDefinition));
            builder.ConfigureSagaRepository(saga);

            bus.AddPublishObserver<JobDurationMetrics>();
            bus.AddConsumer<SubmitJobConsumer>();
            bus.AddConsumer<StartSplittingConsumer>();
            bus.AddConsumer<StopDispatchConsumer>();
            bus.AddConsumer<FinalizeJobConsumer>();
            bus.AddConsumer<RecordOutcomeConsumer>();
            bus.AddConsumer<JobQueryConsumer>();
            bus.AddConsumer<RetryFailedUnitsConsumer>();
        }

        if (role.RunsWorker())
        {
            bus.AddSendObserver<UnitOutcomeMetrics>();
            bus.AddConsumer<ExecuteUnitConsumer>();
            bus.AddConsumer<ExecuteUnitsConsumer>();
            bus.AddConsumer<JobEndedConsumer>();
        }
    }

    public static void Configure(
        IBusFactoryConfigurator bus,
        IBusRegistrationContext context,
        WorkUnitsRole role,
        OrchestratorOptions orchestrator,
        WorkerOptions worker)
    {
        if (role.RunsOrchestrator())
        {
            bus.ReceiveEndpoint(WorkUnitsQueues.Submit, endpoint =>
            {
                endpoint.UseRawJsonDeserializer(RawSerializerOptions.AnyMessageType, isDefault: true);
                UseOutageRetry(endpoint);
                endpoint.ConfigureConsumer<SubmitJobConsumer>(context);
            });

            bus.ReceiveEndpoint(WorkUnitsQueues.Jobs, endpoint =>
            {
                endpoint.ConfigureSaga<JobTrackingState>(context);
            });

            bus.ReceiveEndpoint(WorkUnitsQueues.Control, endpoint =>
            {
                UseOutageRetry(endpoint);
                endpoint.ConfigureConsumer<StartSplittingConsumer>(context);
                endpoint.ConfigureConsumer<StopDispatchConsumer>(context);
                endpoint.ConfigureConsumer<FinalizeJobConsumer>(context);
            });

            bus.ReceiveEndpoint(WorkUnitsQueues.Outcomes, endpoint =>
            {
                endpoint.PrefetchCount = orchestrator.OutcomeConcurrency;
                endpoint.ConcurrentMessageLimit = orchestrator.OutcomeConcurrency;
                UseOutageRetry(endpoint);
                endpoint.ConfigureConsumer<RecordOutcomeConsumer>(context);
            });

            bus.ReceiveEndpoint(WorkUnitsQueues.Queries, endpoint =>
            {
                endpoint.ConfigureConsumer<JobQueryConsumer>(context);
                endpoint.ConfigureConsumer<RetryFailedUnitsConsumer>(context);
            });
        }

        if (role.RunsWorker())
        {
            // A queue of this process's own, deleted when it disconnects, so that every worker hears every
            // job that ends and can cancel that job's units it is running.
            bus.ReceiveEndpoint(WorkerEventsQueueName(), endpoint =>
            {
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbitMq)
                {
                    rabbitMq.AutoDelete = true;
                    rabbitMq.Durable = false;
                }

                endpoint.ConfigureConsumer<JobEndedConsumer>(context);
            });

            bus.ReceiveEndpoint(WorkUnitsQueues.Units, endpoint =>
            {
                // A message carries one unit or a batch; the worker's UnitRunner bounds how many units run at once.
                endpoint.PrefetchCount = worker.EffectivePrefetchCount;
                endpoint.ConcurrentMessageLimit = worker.Concurrency;
                endpoint.ConfigureConsumer<ExecuteUnitConsumer>(context);
                endpoint.ConfigureConsumer<ExecuteUnitsConsumer>(context);
            });
        }
    }

    /// <summary>
    /// Keeps a message that failed on an infrastructure error (the database or the broker away) unacknowledged and
    /// tries it again for about eight minutes before it goes to the error queue, so that an outage loses no
    /// outcome. A rejected submit and a message that cannot be read are final and go there at once.
    /// </summary>
    private static void UseOutageRetry(IReceiveEndpointConfigurator endpoint) =>
        endpoint.UseMessageRetry(retry =>
        {
            retry.Exponential(20, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2));
            retry.Ignore<JobRejectedException>();
            retry.Ignore<System.Text.Json.JsonException>();
        });

    private static string WorkerEventsQueueName() =>
        $"workunits-worker-events-{Environment.MachineName.ToLowerInvariant()}-{NewId.NextGuid():N}";

    public static bool RunsOrchestrator(this WorkUnitsRole role) =>
        role is WorkUnitsRole.All or WorkUnitsRole.Orchestrator;

    public static bool RunsWorker(this WorkUnitsRole role) => role is WorkUnitsRole.All or WorkUnitsRole.Worker;
}
