using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using NUnit.Framework;
using WorkUnits.Contracts;
using WorkUnits.Jobs;
using WorkUnits.Storage;

namespace WorkUnits.Tests.Reliability;

/// <summary>
/// A whole job in one process on the in-memory transport and store, with a fake clock: failed attempts wait in
/// the store until the sweeper finds them due, and a permanent failure is not retried.
/// </summary>
public sealed class UnitRetryFlowTests
{
    private static readonly ConcurrentDictionary<(Guid JobId, long UnitIndex), int> Attempts = new();
    private static readonly int[] ExpectedAttempts = [2, 1, 2, 1, 2, 1];

    [Test]
    public async Task Job_FlakyAndPermanentFailures_RetriesOnlyTheFlakyOnesAfterTheirDelay()
    {
        using var host = await StartHostAsync();
        var jobId = Guid.NewGuid();

        await host.Client.SubmitAsync(new SubmitJob
        {
            JobId = jobId,
            JobType = "flaky",
            Parameters = System.Text.Json.JsonDocument.Parse("{\"units\":6}").RootElement,
            Settings = new JobSettings { MaxAttempts = 3, MaxFailedUnits = 1 },
        });
        var beforeDelay = await host.WaitForAsync(jobId, job => job.Succeeded + job.Failed >= 3);
        var final = await host.AdvanceUntilFinalAsync(jobId);

        Assert.That(beforeDelay.State, Is.Not.EqualTo(JobState.Completed));
        Assert.That(final.State, Is.EqualTo(JobState.Completed));
        Assert.That((final.Succeeded, final.Failed), Is.EqualTo((5L, 1L)));
        Assert.That(
            Enumerable.Range(0, 6).Select(index => Attempts[(jobId, index)]),
            Is.EqualTo(ExpectedAttempts));
    }

    [TestCase(0)]
    [TestCase(21)]
    public async Task Submit_MaxAttemptsOutOfRange_IsRejectedNamingTheField(int maxAttempts)
    {
        using var host = await StartHostAsync();
        var client = host.Client;

        var rejection = Assert.ThrowsAsync<JobRejectedException>(() => client.SubmitAsync(new SubmitJob
        {
            JobType = "flaky",
            Parameters = System.Text.Json.JsonDocument.Parse("{\"units\":1}").RootElement,
            Settings = new JobSettings { MaxAttempts = maxAttempts },
        }));

        Assert.That(rejection!.Field, Is.EqualTo("settings.maxAttempts"));
        Assert.That(rejection.Reason, Is.EqualTo("must be between 1 and 20"));
    }

    private static Task<InProcessHost> StartHostAsync() =>
        InProcessHost.StartAsync(
            workUnits => workUnits.AddJobType<FlakySplitter, FlakyHandler>("flaky"),
            new Dictionary<string, string?> { ["WorkUnits:Orchestrator:RetryBaseDelay"] = "00:00:10" });

    /// <summary>The flaky job's parameters.</summary>
    public sealed record FlakyParameters(long Units);

    /// <summary>Produces units 0 to <c>units - 1</c>.</summary>
    public sealed class FlakySplitter : IJobSplitter<FlakyParameters, long>
    {
        /// <inheritdoc />
        public async IAsyncEnumerable<SplitUnit<long>> SplitAsync(
            FlakyParameters parameters,
            string? cursor,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            for (var index = cursor is null ? 0 : long.Parse(cursor, CultureInfo.InvariantCulture); index < parameters.Units; index++)
            {
                yield return new SplitUnit<long>(index, (index + 1).ToString(CultureInfo.InvariantCulture));
            }

            await Task.CompletedTask;
        }
    }

    /// <summary>Fails the first attempt of even units, and every attempt of unit 3 permanently.</summary>
    public sealed class FlakyHandler : IUnitHandler<long, long>
    {
        /// <inheritdoc />
        public Task<long> HandleAsync(long unit, UnitContext context)
        {
            Attempts.AddOrUpdate((context.JobId, unit), 1, (_, count) => count + 1);
            if (unit == 3)
            {
                throw new PermanentUnitFailureException("unit 3 can never succeed");
            }

            if (unit % 2 == 0 && context.Attempt == 1)
            {
                throw new IOException("flaky");
            }

            return Task.FromResult(unit);
        }
    }
}
