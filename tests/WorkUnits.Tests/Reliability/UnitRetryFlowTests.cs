using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
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
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var host = await StartHostAsync(time);
        var store = host.Services.GetRequiredService<IWorkUnitStore>();
        var jobId = Guid.NewGuid();

        await host.Services.GetRequiredService<WorkUnitsClient>().SubmitAsync(new SubmitJob
        {
            JobId = jobId,
            JobType = "flaky",
            Parameters = System.Text.Json.JsonDocument.Parse("{\"units\":6}").RootElement,
            Settings = new JobSettings { MaxAttempts = 3, MaxFailedUnits = 1 },
        });
        var beforeDelay = await WaitForAsync(store, jobId, job => job.Succeeded + job.Failed >= 3);
        var final = await AdvanceUntilFinalAsync(time, store, jobId);

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
        using var host = await StartHostAsync(new FakeTimeProvider());
        var client = host.Services.GetRequiredService<WorkUnitsClient>();

        var rejection = Assert.ThrowsAsync<JobRejectedException>(() => client.SubmitAsync(new SubmitJob
        {
            JobType = "flaky",
            Parameters = System.Text.Json.JsonDocument.Parse("{\"units\":1}").RootElement,
            Settings = new JobSettings { MaxAttempts = maxAttempts },
        }));

        Assert.That(rejection!.Field, Is.EqualTo("settings.maxAttempts"));
        Assert.That(rejection.Reason, Is.EqualTo("must be between 1 and 20"));
    }

    private static async Task<IHost> StartHostAsync(FakeTimeProvider time)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WorkUnits:Orchestrator:RetryBaseDelay"] = "00:00:10",
            ["WorkUnits:Orchestrator:SweepInterval"] = "00:00:01",
        });
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddWorkUnits(builder.Configuration, workUnits =>
            workUnits.AddJobType<FlakySplitter, FlakyHandler>("flaky"));

        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task<JobRecord> AdvanceUntilFinalAsync(FakeTimeProvider time, IWorkUnitStore store, Guid jobId)
    {
        for (var second = 0; second < 120; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            var job = await WaitForAsync(store, jobId, job => true);
            if (job.State.IsFinal())
            {
                return job;
            }

            await Task.Delay(20);
        }

        return await WaitForAsync(store, jobId, job => job.State.IsFinal());
    }

    private static async Task<JobRecord> WaitForAsync(IWorkUnitStore store, Guid jobId, Func<JobRecord, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var job = await store.GetJobAsync(jobId, CancellationToken.None);
            if (job is not null && condition(job))
            {
                return job;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Job {jobId} did not get there in time; last seen {job}.");
            }

            await Task.Delay(10);
        }
    }

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
