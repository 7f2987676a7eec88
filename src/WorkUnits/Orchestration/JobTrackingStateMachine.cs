using MassTransit;
using WorkUnits.Contracts;
using WorkUnits.Storage;

namespace WorkUnits.Orchestration;

/// <summary>
/// Tracks one job from acceptance to its final state. It sees units only through batched roll-ups
/// (<see cref="JobProgressed"/>), never one event per unit, so that its row is written a few times a second
/// at most whatever the job's size.
/// </summary>
public sealed class JobTrackingStateMachine : MassTransitStateMachine<JobTrackingState>
{
    /// <summary>Declares the states, the events and how each state answers each event.</summary>
    public JobTrackingStateMachine()
    {
        InstanceState(saga => saga.CurrentState);

        Event(() => Accepted, e => e.CorrelateById(context => context.Message.JobId));
        Event(() => SplitStarted, e => CorrelateExisting(e, context => context.Message.JobId));
        Event(() => SplitCompleted, e => CorrelateExisting(e, context => context.Message.JobId));
        Event(() => SplitFailed, e => CorrelateExisting(e, context => context.Message.JobId));
        Event(() => Progressed, e => CorrelateExisting(e, context => context.Message.JobId));
        Event(() => Finalized, e => CorrelateExisting(e, context => context.Message.JobId));
        Event(() => FinalizationFailed, e => CorrelateExisting(e, context => context.Message.JobId));
        Event(() => CancelRequested, e => CorrelateExisting(e, context => context.Message.JobId));
        Event(() => DeadlinePassed, e => CorrelateExisting(e, context => context.Message.JobId));
        Event(() => RetryRequested, e => CorrelateExisting(e, context => context.Message.JobId));

        // Roll-ups and duplicates that arrive after a job has moved on are expected; they change nothing.
        OnUnhandledEvent(context => context.Ignore());

        Initially(
            When(Accepted)
                .Then(context => Accept(
                    context.Saga,
                    context.Message,
                    context.GetServiceOrCreateInstance<TimeProvider>()))
                .TransitionTo(Submitted)
                .ThenAsync(context => RecordStateAsync(context))
                .Publish(context => new StartSplitting(context.Saga.CorrelationId)));

        During(
            Submitted,
            When(SplitStarted)
                .TransitionTo(Splitting)
                .ThenAsync(context => RecordStateAsync(context)));

        During(
            Submitted,
            Splitting,
            When(SplitCompleted)
                .Then(context => context.Saga.Total = context.Message.Total)
                .TransitionTo(Running)
                .ThenAsync(context => RecordStateAsync(context)));

        During(
            Submitted,
            Splitting,
            When(SplitFailed)
                .Then(context => context.Saga.Reason = "The splitter failed: " + context.Message.Reason)
                .TransitionTo(Failed)
                .ThenAsync(context => EndAsync(context))
                .Publish(context => new JobFailed(context.Saga.CorrelationId, context.Saga.Reason!)));

        During(
            Submitted,
            Splitting,
            Running,
            When(Progressed)
                .Then(context => ApplyCounts(context.Saga, context.Message))
                .IfElse(
                    context => IsOverBudget(context.Saga),
                    overBudget => overBudget
                        .Then(context => context.Saga.Reason = DescribeExceededBudget(context.Saga))
                        .TransitionTo(Failed)
                        .ThenAsync(context => EndAsync(context))
                        .Publish(context => new JobFailed(context.Saga.CorrelationId, context.Saga.Reason!)),
                    withinBudget => withinBudget
                        .If(
                            context => context.Message.AllUnitsEnded,
                            ended => ended
                                .Then(context => context.Saga.Total ??= context.Saga.Succeeded + context.Saga.Failed)
                                .TransitionTo(Finalizing)
                                .ThenAsync(context => RecordStateAsync(context))
                                .Publish(context => new FinalizeJob(context.Saga.CorrelationId)))));

        During(
            Finalizing,
            When(Finalized)
                .Then(context => context.Saga.Result = context.Message.Result?.GetRawText())
                .TransitionTo(Completed)
                .ThenAsync(context => EndAsync(context))
                .Publish(context => new JobCompleted(
                    context.Saga.CorrelationId,
                    context.Saga.Total ?? 0,
                    context.Saga.Succeeded,
                    context.Saga.Failed,
                    context.Message.Result)),
            When(FinalizationFailed)
                .Then(context => context.Saga.Reason = "The finalizer failed: " + context.Message.Reason)
                .TransitionTo(Failed)
                .ThenAsync(context => EndAsync(context))
                .Publish(context => new JobFailed(context.Saga.CorrelationId, context.Saga.Reason!)));

        // The store makes the failed units wait for one more attempt; the sweeper sends them once the job's
        // recorded state is running again, which is the last step here. The counts are taken from the store after
        // the reset, not lowered by the number it reset: when this message is retried because the saga could not be
        // saved, the reset already happened and finds nothing the second time. A roll-up that arrives while the
        // message is being retried is ignored here; the sweeper publishes the final one again if it was lost so.
        During(
            Completed,
            Failed,
            When(RetryRequested)
                .ThenAsync(context => ResetFailedUnitsAsync(context))
                .TransitionTo(Running)
                .ThenAsync(context => RecordStateAsync(context)));

        During(
            Submitted,
            Splitting,
            Running,
            When(DeadlinePassed)
                .Then(context => context.Saga.Reason = $"The job's deadline {context.Message.Deadline:O} passed.")
                .TransitionTo(Failed)
                .ThenAsync(context => EndAsync(context))
                .Publish(context => new JobFailed(context.Saga.CorrelationId, context.Saga.Reason!)));

        During(
            Submitted,
            Splitting,
            Running,
            Finalizing,
            When(CancelRequested)
                .Then(context => context.Saga.Reason = context.Message.Reason ?? "Cancelled on request.")
                .TransitionTo(Cancelled)
                .ThenAsync(context => EndAsync(context))
                .Publish(context => new JobCancelled(context.Saga.CorrelationId, context.Message.Reason)));
    }

    /// <summary>Accepted, waiting for the dispatcher to start splitting.</summary>
    public State Submitted { get; private set; } = null!;

    /// <summary>The splitter is producing units and the dispatcher is handing them out.</summary>
    public State Splitting { get; private set; } = null!;

    /// <summary>Every unit has been produced; waiting for the last ones to end.</summary>
    public State Running { get; private set; } = null!;

    /// <summary>Every unit has ended; the finalizer is folding their results.</summary>
    public State Finalizing { get; private set; } = null!;

    /// <summary>The job ended with a result.</summary>
    public State Completed { get; private set; } = null!;

    /// <summary>The job ended without a result.</summary>
    public State Failed { get; private set; } = null!;

    /// <summary>The job was cancelled.</summary>
    public State Cancelled { get; private set; } = null!;

    /// <summary>A validated submit.</summary>
    public Event<JobAccepted> Accepted { get; private set; } = null!;

    /// <summary>The dispatcher started splitting.</summary>
    public Event<JobSplitStarted> SplitStarted { get; private set; } = null!;

    /// <summary>The splitter produced its last unit.</summary>
    public Event<JobSplitCompleted> SplitCompleted { get; private set; } = null!;

    /// <summary>The splitter threw.</summary>
    public Event<JobSplitFailed> SplitFailed { get; private set; } = null!;

    /// <summary>A roll-up of unit outcomes.</summary>
    public Event<JobProgressed> Progressed { get; private set; } = null!;

    /// <summary>The finalizer produced the result.</summary>
    public Event<JobFinalized> Finalized { get; private set; } = null!;

    /// <summary>The finalizer failed.</summary>
    public Event<JobFinalizationFailed> FinalizationFailed { get; private set; } = null!;

    /// <summary>Someone asked to cancel the job.</summary>
    public Event<CancelJob> CancelRequested { get; private set; } = null!;

    /// <summary>The job's deadline passed before it ended.</summary>
    public Event<JobDeadlinePassed> DeadlinePassed { get; private set; } = null!;

    /// <summary>Someone asked for the failed units of the ended job to run again.</summary>
    public Event<JobRetryRequested> RetryRequested { get; private set; } = null!;

    private static void CorrelateExisting<T>(IEventCorrelationConfigurator<JobTrackingState, T> configurator,
        Func<ConsumeContext<T>, Guid> selector)
        where T : class
    {
        configurator.CorrelateById(selector);
        configurator.OnMissingInstance(missing => missing.Discard());
    }

    private static void Accept(JobTrackingState saga, JobAccepted accepted, TimeProvider timeProvider)
    {
        saga.AcceptedAt = timeProvider.GetUtcNow();
        saga.JobType = accepted.JobType;
        saga.MaxFailedUnits = accepted.MaxFailedUnits;
        saga.MaxFailedPercent = accepted.MaxFailedPercent;
    }

    private static void ApplyCounts(JobTrackingState saga, JobProgressed progressed)
    {
        saga.Succeeded = Math.Max(saga.Succeeded, progressed.Succeeded);
        saga.Failed = Math.Max(saga.Failed, progressed.Failed);
    }

    private static bool IsOverBudget(JobTrackingState saga) =>
        saga.Failed > saga.MaxFailedUnits
        || (saga.MaxFailedPercent is { } percent && saga.Total is { } total && saga.Failed * 100.0 > percent * total);

    private static string DescribeExceededBudget(JobTrackingState saga) =>
        saga.Failed > saga.MaxFailedUnits
            ? $"{saga.Failed} units failed; the job tolerates {saga.MaxFailedUnits}."
            : $"{saga.Failed} of {saga.Total} units failed; the job tolerates {saga.MaxFailedPercent}%.";

    private static async Task ResetFailedUnitsAsync(BehaviorContext<JobTrackingState, JobRetryRequested> context)
    {
        var store = context.GetServiceOrCreateInstance<IWorkUnitStore>();
        var now = context.GetServiceOrCreateInstance<TimeProvider>().GetUtcNow();
        var reset = await store.ResetFailedUnitsAsync(context.Saga.CorrelationId, now, context.CancellationToken);
        var job = await store.GetJobAsync(context.Saga.CorrelationId, context.CancellationToken);

        // The store's counts are the truth after any number of resets; they may be lower than the saga's own, which
        // is why they replace the saga's instead of going through ApplyCounts.
        var saga = context.Saga;
        if (job is not null)
        {
            saga.Succeeded = job.Succeeded;
            saga.Failed = job.Failed;
        }
        else
        {
            saga.Failed = Math.Max(0, saga.Failed - reset);
        }

        saga.Result = null;
        saga.Reason = null;
        saga.EndedAt = null;
    }

    private static Task EndAsync<T>(BehaviorContext<JobTrackingState, T> context)
        where T : class
    {
        context.Saga.EndedAt ??= context.GetServiceOrCreateInstance<TimeProvider>().GetUtcNow();
        return RecordStateAsync(context);
    }

    private static Task RecordStateAsync<T>(BehaviorContext<JobTrackingState, T> context)
        where T : class
    {
        var store = context.GetServiceOrCreateInstance<IWorkUnitStore>();
        var state = Enum.Parse<JobState>(context.Saga.CurrentState);

        return store.SetJobStateAsync(
            context.Saga.CorrelationId,
            state,
            context.Saga.Result,
            context.Saga.Reason,
            context.CancellationToken);
    }
}
