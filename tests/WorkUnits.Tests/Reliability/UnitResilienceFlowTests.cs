using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using NUnit.Framework;
using Polly;
using Polly.Retry;
using WorkUnits.Contracts;
using WorkUnits.Hosting;
using WorkUnits.Jobs;
using WorkUnits.Storage;

namespace WorkUnits.Tests.Reliability;

/// <summary>
/// A job type's Polly pipeline retries transient faults inside one attempt; when it gives up, the attempt fails
/// and the orchestrator's own retries apply, so the handler calls per unit are bounded by their product.
/// </summary>
public sealed class UnitResilienceFlowTests
{
    private static readonly ConcurrentDictionary<Guid, ConcurrentQueue<(long Unit, int Attempt)>> Calls = new();
    private static readonly int[] TwoAttemptsOfTwoCalls = [1, 1, 2, 2];

    [Test]
    public async Task Job_TransientFaultsWithinThePipelinesRetries_CompletesInTheFirstAttempt()
    {
        using var host = await StartHostAsync(pipelineRetries: 2);
        var jobId = await SubmitAsync(host, failingCalls: 2, maxAttempts: 3);

        var final = await host.AdvanceUntilFinalAsync(jobId);

        Assert.That(final.State, Is.EqualTo(JobState.Completed));
        Assert.That((final.Succeeded, final.Failed), Is.EqualTo((4L, 0L)));
        Assert.That(Calls[jobId].Count(call => call.Unit == 0), Is.EqualTo(3), "two failed calls and one that worked");
        Assert.That(Calls[jobId].Select(call => call.Attempt), Is.All.EqualTo(1));
    }

    [Test]
    public async Task Job_PipelineGivesUp_EachAttemptFailsAndTheHandlerIsCalledAttemptsTimesPipelineCalls()
    {
        using var host = await StartHostAsync(pipelineRetries: 1);
        var jobId = await SubmitAsync(host, failingCalls: int.MaxValue, maxAttempts: 2, units: 1);

        var final = await host.AdvanceUntilFinalAsync(jobId);
        var errors = await host.Store.ListErrorGroupsAsync(jobId, 10, CancellationToken.None);

        Assert.That(final.State, Is.EqualTo(JobState.Failed));
        Assert.That(final.Failed, Is.EqualTo(1));
        Assert.That(
            Calls[jobId].Select(call => call.Attempt),
            Is.EqualTo(TwoAttemptsOfTwoCalls),
            "two attempts of two calls each");
        Assert.That(errors.Single().ErrorType, Is.EqualTo(typeof(IOException).FullName));
    }

    [Test]
    public void ConfigureUnitResilience_UnknownJobType_NamesIt()
    {
        var problem = Assert.ThrowsAsync<InvalidOperationException>(() => InProcessHost.StartAsync(
            workUnits => workUnits.ConfigureUnitResilience("missing", pipeline => pipeline.AddTimeout(TimeSpan.FromSeconds(1)))));

        Assert.That(problem!.Message, Does.Contain("'missing'"));
    }

    private static Task<InProcessHost> StartHostAsync(int pipelineRetries) =>
        InProcessHost.StartAsync(
            workUnits => workUnits
                .AddJobType<TransientSplitter, TransientHandler>("transient")
                .ConfigureUnitResilience("transient", pipeline => pipeline.AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder().Handle<IOException>(),
                    MaxRetryAttempts = pipelineRetries,
                    Delay = TimeSpan.Zero,
                })),
            new Dictionary<string, string?> { ["WorkUnits:Orchestrator:RetryBaseDelay"] = "00:00:01" });

    private static async Task<Guid> SubmitAsync(InProcessHost host, int failingCalls, int maxAttempts, int units = 4)
    {
        var jobId = Guid.NewGuid();
        Calls[jobId] = new ConcurrentQueue<(long Unit, int Attempt)>();
        await host.Client.SubmitAsync(new SubmitJob
        {
            JobId = jobId,
            JobType = "transient",
            Parameters = System.Text.Json.JsonDocument.Parse(
                $"{{\"units\":{units},\"failingCalls\":{failingCalls}}}").RootElement,
            Settings = new JobSettings { MaxAttempts = maxAttempts },
        });
        return jobId;
    }

    /// <summary>The transient job's parameters: how many units, and how many calls per unit throw first.</summary>
    public sealed record TransientParameters(long Units, int FailingCalls);

    /// <summary>A transient unit: its index and how many of its calls throw before one works.</summary>
    public sealed record TransientUnit(long Index, int FailingCalls);

    /// <summary>Produces units 0 to <c>units - 1</c>.</summary>
    public sealed class TransientSplitter : IJobSplitter<TransientParameters, TransientUnit>
    {
        /// <inheritdoc />
        public async IAsyncEnumerable<SplitUnit<TransientUnit>> SplitAsync(
            TransientParameters parameters,
            string? cursor,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var start = cursor is null ? 0 : long.Parse(cursor, CultureInfo.InvariantCulture);
            for (var index = start; index < parameters.Units; index++)
            {
                var next = (index + 1).ToString(CultureInfo.InvariantCulture);
                yield return new SplitUnit<TransientUnit>(new TransientUnit(index, parameters.FailingCalls), next);
            }

            await Task.CompletedTask;
        }
    }

    /// <summary>Throws <see cref="IOException"/> on a unit's first calls, then returns its index.</summary>
    public sealed class TransientHandler : IUnitHandler<TransientUnit, long>
    {
        /// <inheritdoc />
        public Task<long> HandleAsync(TransientUnit unit, UnitContext context)
        {
            var calls = Calls[context.JobId];
            calls.Enqueue((unit.Index, context.Attempt));
            var callsOfUnit = calls.Count(call => call.Unit == unit.Index);
            return callsOfUnit <= unit.FailingCalls
                ? throw new IOException($"transient fault on call {callsOfUnit}")
                : Task.FromResult(unit.Index);
        }
    }
}
