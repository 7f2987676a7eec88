using System.Collections.Concurrent;
using System.Text.Json;
using NUnit.Framework;
using WorkUnits.Contracts;
using WorkUnits.Hosting;
using WorkUnits.Jobs;
using WorkUnits.Storage;
using WorkUnits.Testing;

namespace WorkUnits.Tests.Reliability;

/// <summary>
/// Leases on a fake clock: a handler that runs past its lease is cancelled and retried, a unit that no worker
/// reports on is given a new attempt and finally fails, and a job past its deadline fails.
/// </summary>
public sealed class LeaseFlowTests
{
    private static readonly ConcurrentDictionary<(Guid JobId, long UnitIndex), int> Attempts = new();

    [Test]
    public async Task Job_HandlerRunsPastItsLease_IsCancelledAndTheNextAttemptSucceeds()
    {
        using var host = await StartAsync(WorkUnitsRole.All);
        var jobId = await SubmitAsync(host, units: 3, new JobSettings
        {
            UnitTimeout = TimeSpan.FromSeconds(10),
            MaxAttempts = 2,
        });

        var final = await host.AdvanceUntilFinalAsync(jobId);

        Assert.That(final.State, Is.EqualTo(JobState.Completed));
        Assert.That((final.Succeeded, final.Failed), Is.EqualTo((3L, 0L)));
        Assert.That(Enumerable.Range(0, 3).Select(index => Attempts[(jobId, index)]), Is.All.EqualTo(2));
    }

    [Test]
    public async Task Job_NoWorkerReportsOnItsUnits_LeasesExpireUntilTheUnitsFail()
    {
        using var host = await StartAsync(WorkUnitsRole.Orchestrator);
        var jobId = await SubmitAsync(host, units: 2, new JobSettings
        {
            UnitTimeout = TimeSpan.FromSeconds(5),
            MaxAttempts = 2,
            MaxFailedUnits = 5,
        });

        var final = await host.AdvanceUntilFinalAsync(jobId);

        Assert.That(final.State, Is.EqualTo(JobState.Completed));
        Assert.That((final.Succeeded, final.Failed), Is.EqualTo((0L, 2L)));
    }

    [Test]
    public async Task Job_PastItsDeadline_Fails()
    {
        using var host = await StartAsync(WorkUnitsRole.Orchestrator);
        var jobId = await SubmitAsync(host, units: 2, new JobSettings
        {
            UnitTimeout = TimeSpan.FromHours(1),
            Deadline = "00:00:30",
        });

        var final = await host.AdvanceUntilFinalAsync(jobId);

        Assert.That(final.State, Is.EqualTo(JobState.Failed));
        Assert.That(final.Reason, Does.Contain("deadline"));
        Assert.That(final.EndedAt, Is.GreaterThanOrEqualTo(final.CreatedAt.AddSeconds(30)));
    }

    [TestCase("00:00:00", "must be a positive duration")]
    [TestCase("2020-01-01T00:00:00Z", "is in the past")]
    [TestCase("tomorrow", "must be a duration such as 01:30:00 or a time such as 2030-01-01T12:00:00Z")]
    public async Task Submit_BadDeadline_IsRejectedNamingTheField(string deadline, string reason)
    {
        using var host = await StartAsync(WorkUnitsRole.All);

        var rejection = Assert.ThrowsAsync<JobRejectedException>(
            () => SubmitAsync(host, units: 1, new JobSettings { Deadline = deadline }));

        Assert.That((rejection!.Field, rejection.Reason), Is.EqualTo(("settings.deadline", reason)));
    }

    [Test]
    public async Task Submit_ZeroUnitTimeout_IsRejectedNamingTheField()
    {
        using var host = await StartAsync(WorkUnitsRole.All);

        var rejection = Assert.ThrowsAsync<JobRejectedException>(
            () => SubmitAsync(host, units: 1, new JobSettings { UnitTimeout = TimeSpan.Zero }));

        Assert.That(rejection!.Field, Is.EqualTo("settings.unitTimeout"));
    }

    private static Task<InProcessHost> StartAsync(WorkUnitsRole role) =>
        InProcessHost.StartAsync(
            workUnits => workUnits.AddJobType<CountingSplitter, HangsOnFirstAttemptHandler>("hangs"),
            new Dictionary<string, string?>
            {
                ["WorkUnits:Role"] = role.ToString(),
                ["WorkUnits:Orchestrator:RetryBaseDelay"] = "00:00:01",
                ["WorkUnits:Orchestrator:LeaseGracePeriod"] = "00:00:02",
            });

    private static async Task<Guid> SubmitAsync(InProcessHost host, int units, JobSettings settings)
    {
        var accepted = await host.Client.SubmitAsync(new SubmitJob
        {
            JobType = "hangs",
            Parameters = JsonDocument.Parse($"{{\"units\":{units}}}").RootElement,
            Settings = settings,
        });

        return accepted.JobId;
    }

    /// <summary>Waits for cancellation on a unit's first attempt; succeeds at once on later ones.</summary>
    public sealed class HangsOnFirstAttemptHandler : IUnitHandler<long, long>
    {
        /// <inheritdoc />
        public async Task<long> HandleAsync(long unit, UnitContext context)
        {
            Attempts.AddOrUpdate((context.JobId, unit), 1, (_, count) => count + 1);
            if (context.Attempt == 1)
            {
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
            }

            return unit;
        }
    }
}
