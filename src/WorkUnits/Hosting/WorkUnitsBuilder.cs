using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Polly;
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
    /// <typeparam name="TFinalizer">
    /// Implements <c>IJobFinalizer&lt;TParameters, TResult, TJobResult&gt;</c>.
    /// </typeparam>
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

    /// <summary>
    /// Runs each call of a job type's unit handler through a Polly pipeline, for transient faults that are worth
    /// retrying at once inside the same attempt: a dropped connection, a throttled HTTP call. The pipeline's
    /// retries happen within the attempt's unit timeout and are not attempts: only when the pipeline gives up does
    /// the attempt fail, and the orchestrator's retries (with their durable backoff) take over. A handler is
    /// therefore called at most <c>maxAttempts</c> times the pipeline's own calls per unit.
    /// </summary>
    /// <param name="jobType">The name of a job type registered on this builder.</param>
    /// <param name="configure">Adds strategies to the pipeline. Leave <see cref="IPermanentUnitFailure"/>
    /// exceptions out of a retry's <c>ShouldHandle</c> so that they fail the unit at once.</param>
    /// <returns>This builder.</returns>
    public WorkUnitsBuilder ConfigureUnitResilience(string jobType, Action<ResiliencePipelineBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        if (!JobTypes.TryGet(jobType, out var runtime))
        {
            throw new InvalidOperationException(
                $"No job type named '{jobType}' is registered; call AddJobType before ConfigureUnitResilience.");
        }

        var pipeline = new ResiliencePipelineBuilder();
        configure(pipeline);
        runtime.UnitPipeline = pipeline.Build();
        return this;
    }
}
