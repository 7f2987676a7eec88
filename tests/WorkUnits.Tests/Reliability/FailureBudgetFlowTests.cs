using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using NUnit.Framework;
using WorkUnits.Contracts;
using WorkUnits.Hosting;
using WorkUnits.Jobs;
using WorkUnits.Storage;

namespace WorkUnits.Tests.Reliability;

/// <summary>
/// The failure budget as a share of the job's units, and running only a finished job's failed units again.
/// </summary>
public sealed class FailureBudgetFlowTests
{
    private static readonly ConcurrentDictionary<Guid, bool> Repaired = new();

    [TestCase(10, "failed")]
    [TestCase(20, "completed")]
    public async Task Job_TwoOfTenUnitsFail_PercentBudgetDecides(double maxFailedPercent, string expectedState)
    {
        using var host = await StartAsync();

        var jobId = await SubmitAsync(host, new JobSettings { MaxFailedPercent = maxFailedPercent, MaxAttempts = 1 });
        var final = await host.AdvanceUntilFinalAsync(jobId);

        Assert.That(final.State.ToName(), Is.EqualTo(expectedState));
    }

    [Test]
    public async Task RetryFailed_CompletedJobWithFailures_RunsOnlyTheFailedUnitsAndCompletesWithoutFailures()
    {
        using var host = await StartAsync();
        var jobId = await SubmitAsync(host, new JobSettings { MaxFailedUnits = 5, MaxAttempts = 1 });
        var first = await host.AdvanceUntilFinalAsync(jobId);
        Repaired[jobId] = true;

        var units = await host.Client.RetryFailedAsync(jobId);
        await host.WaitForAsync(jobId, job => !job.State.IsFinal());
        var second = await host.AdvanceUntilFinalAsync(jobId);

        Assert.That((first.State, first.Succeeded, first.Failed), Is.EqualTo((JobState.Completed, 8L, 2L)));
        Assert.That(units, Is.EqualTo(2));
        Assert.That((second.State, second.Succeeded, second.Failed), Is.EqualTo((JobState.Completed, 10L, 0L)));
        Assert.That(JsonDocument.Parse(second.Result!).RootElement.GetInt64(), Is.EqualTo(45));
    }

    [Test]
    public async Task Job_FinalRollUpNeverReachesTheSaga_SweeperPublishesItAgainAndTheJobCompletes()
    {
        // No worker: the test records every outcome straight into the store, so no roll-up is ever published, as
        // when the final one reached the saga while it was not listening for it or was lost with an orchestrator.
        using var host = await InProcessHost.StartAsync(
            workUnits => workUnits.AddJobType<TenSplitter, BrokenUntilRepairedHandler, SumFinalizer>("budget"),
            new Dictionary<string, string?> { ["WorkUnits:Role"] = nameof(WorkUnitsRole.Orchestrator) });
        var jobId = await SubmitAsync(host, new JobSettings { MaxAttempts = 1 });
        await host.WaitForAsync(jobId, job => job.State == JobState.Running);

        var outcomes = Enumerable.Range(0, 10)
            .Select(index => new UnitOutcome(jobId, index, 1, true, $"{index}", null, null, null));
        await host.Store.RecordOutcomesAsync([.. outcomes], CancellationToken.None);
        var final = await host.AdvanceUntilFinalAsync(jobId, maxSeconds: 30);

        Assert.That((final.State, final.Succeeded, final.Failed), Is.EqualTo((JobState.Completed, 10L, 0L)));
        Assert.That(JsonDocument.Parse(final.Result!).RootElement.GetInt64(), Is.EqualTo(45));
    }

    [Test]
    public async Task RetryFailed_JobWithoutFailures_IsRefusedWithTheReason()
    {
        using var host = await StartAsync();
        var jobId = await SubmitAsync(host, new JobSettings { MaxAttempts = 1 });
        Repaired[jobId] = true;
        await host.AdvanceUntilFinalAsync(jobId);

        var refusal = Assert.ThrowsAsync<WorkUnitsException>(() => host.Client.RetryFailedAsync(jobId));

        Assert.That(refusal!.Message, Is.EqualTo("The job has no failed units."));
    }

    [Test]
    public void Submit_PercentOutOfRange_IsRejectedNamingTheField()
    {
        using var host = StartAsync().GetAwaiter().GetResult();

        var rejection = Assert.ThrowsAsync<JobRejectedException>(
            () => SubmitAsync(host, new JobSettings { MaxFailedPercent = 101 }));

        Assert.That(rejection!.Field, Is.EqualTo("settings.maxFailedPercent"));
    }

    private static Task<InProcessHost> StartAsync() =>
        InProcessHost.StartAsync(workUnits =>
            workUnits.AddJobType<TenSplitter, BrokenUntilRepairedHandler, SumFinalizer>("budget"));

    private static async Task<Guid> SubmitAsync(InProcessHost host, JobSettings settings)
    {
        var jobId = Guid.NewGuid();
        await host.Client.SubmitAsync(new SubmitJob
        {
            JobId = jobId,
            JobType = "budget",
            Parameters = JsonDocument.Parse("{}").RootElement,
            Settings = settings,
        });

        return jobId;
    }

    /// <summary>The job's parameters; it has none.</summary>
    public sealed record NoParameters;

    /// <summary>Produces units 0 to 9.</summary>
    public sealed class TenSplitter : IJobSplitter<NoParameters, long>
    {
        /// <inheritdoc />
        public async IAsyncEnumerable<SplitUnit<long>> SplitAsync(
            NoParameters parameters,
            string? cursor,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var first = cursor is null ? 0 : long.Parse(cursor, CultureInfo.InvariantCulture);
            for (var index = first; index < 10; index++)
            {
                yield return new SplitUnit<long>(index, (index + 1).ToString(CultureInfo.InvariantCulture));
            }

            await Task.CompletedTask;
        }
    }

    /// <summary>Units 3 and 7 fail until their job is marked repaired.</summary>
    public sealed class BrokenUntilRepairedHandler : IUnitHandler<long, long>
    {
        /// <inheritdoc />
        public Task<long> HandleAsync(long unit, UnitContext context)
        {
            if (unit is 3 or 7 && !Repaired.ContainsKey(context.JobId))
            {
                throw new InvalidOperationException($"unit {unit} is broken");
            }

            return Task.FromResult(unit);
        }
    }

    /// <summary>Sums the unit results.</summary>
    public sealed class SumFinalizer : IJobFinalizer<NoParameters, long, long>
    {
        /// <inheritdoc />
        public async Task<long> FinalizeAsync(
            NoParameters parameters,
            IAsyncEnumerable<UnitResult<long>> results,
            FinalizeContext context)
        {
            var sum = 0L;
            await foreach (var result in results)
            {
                sum += result.Value;
            }

            return sum;
        }
    }
}
