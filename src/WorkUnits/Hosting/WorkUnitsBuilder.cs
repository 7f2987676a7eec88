using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WorkUnits.JobTypes;
using WorkUnits.Orchestration;

namespace WorkUnits.Hosting;

/// <summary>Registers job types and chooses storage; handed to the callback of <c>AddWorkUnits</c>.</summary>
public sealed class WorkUnitsBuilder
{
    internal WorkUnitsBuilder(IServiceCollection services, IConfiguration configuration)
    {
        Services = services;
        Configuration = configuration;
    }

    /// <summary>The service collection being configured.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The configuration WorkUnits reads its settings from.</summary>
    public IConfiguration Configuration { get; }

    internal JobTypeRegistry JobTypes { get; } = new();

    /// <summary>Chooses the job saga's repository; the in-memory repository when nothing else is set.</summary>
    internal Action<ISagaRegistrationConfigurator<JobTrackingState>> ConfigureSagaRepository { get; set; } =
        saga => saga.InMemoryRepository();

    /// <summary>True once a durable store has replaced the in-memory default.</summary>
    internal bool HasDurableStore { get; set; }

    internal WorkUnitsTransport Transport { get; private set; } = WorkUnitsTransport.InMemory;

    /// <summary>
    /// Carries messages over RabbitMQ, at <c>RabbitMq:Url</c>, instead of the in-memory transport. The setting is
    /// required and checked when the host starts.
    /// </summary>
    /// <returns>This builder.</returns>
    public WorkUnitsBuilder UseRabbitMq()
    {
        Transport = WorkUnitsTransport.RabbitMq;
        return this;
    }

    /// <summary>Registers a job type whose units are folded by no finalizer; its job result is null.</summary>
    /// <typeparam name="TSplitter">Implements <c>IJobSplitter&lt;TParameters, TUnit&gt;</c>.</typeparam>
    /// <typeparam name="THandler">Implements <c>IUnitHandler&lt;TUnit, TResult&gt;</c>.</typeparam>
    /// <param name="name">The name submitters use, for example <c>thumbnails</c>.</param>
    /// <returns>This builder.</returns>
    public WorkUnitsBuilder AddJobType<TSplitter, THandler>(string name)
        where TSplitter : class
        where THandler : class
    {
        JobTypes.Add(JobTypeFactory.Create(name, typeof(TSplitter), typeof(THandler), finalizerType: null));
        return this;
    }

    /// <summary>Registers a job type with a finalizer that folds the unit results into the job's result.</summary>
    /// <typeparam name="TSplitter">Implements <c>IJobSplitter&lt;TParameters, TUnit&gt;</c>.</typeparam>
    /// <typeparam name="THandler">Implements <c>IUnitHandler&lt;TUnit, TResult&gt;</c>.</typeparam>
    /// <typeparam name="TFinalizer">Implements <c>IJobFinalizer&lt;TParameters, TResult, TJobResult&gt;</c>.</typeparam>
    /// <param name="name">The name submitters use, for example <c>thumbnails</c>.</param>
    /// <returns>This builder.</returns>
    public WorkUnitsBuilder AddJobType<TSplitter, THandler, TFinalizer>(string name)
        where TSplitter : class
        where THandler : class
        where TFinalizer : class
    {
        JobTypes.Add(JobTypeFactory.Create(name, typeof(TSplitter), typeof(THandler), typeof(TFinalizer)));
        return this;
    }
}
