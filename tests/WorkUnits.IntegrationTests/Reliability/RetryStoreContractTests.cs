using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using NUnit.Framework;
using WorkUnits.IntegrationTests.Infrastructure;
using WorkUnits.JobTypes;
using WorkUnits.PostgreSql;
using WorkUnits.PostgreSql.Storage;
using WorkUnits.Storage;

namespace WorkUnits.IntegrationTests.Reliability;

/// <summary>
/// How every <see cref="IWorkUnitStore"/> keeps retries and leases: a failed attempt with attempts left waits until
/// it is due, the sweeper's claim moves it to its next attempt with a new lease, only the current attempt's outcome
/// counts, and expired leases and passed deadlines are found. Run against PostgreSQL and the in-memory reference.
/// </summary>
[TestFixture(StoreKind.Postgres)]
[TestFixture(StoreKind.InMemory)]
public sealed class RetryStoreContractTests : ServiceFixture
{
    private static readonly DateTimeOffset Start = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private readonly StoreKind _kind;
    private FakeTimeProvider _time = null!;
    private IWorkUnitStore _store = null!;

    public RetryStoreContractTests(StoreKind kind) => _kind = kind;

    public enum StoreKind
    {
        Postgres,
        InMemory,
    }

    [OneTimeSetUp]
    public async Task CreateStoreAsync()
    {
        _time = new FakeTimeProvider(Start);
        _store = _kind == StoreKind.InMemory
            ? new InMemoryWorkUnitStore(_time)
            : new PostgresWorkUnitStore(
                Own(NpgsqlDataSource.Create(Endpoints.PostgresConnectionString)),
                new PostgresRetry(NullLogger<PostgresRetry>.Instance, _time),
                _time);

        await _store.InitializeAsync(CancellationToken.None);
    }

    [Test]
    public async Task CreateJobAsync_MaxAttempts_IsStored()
    {
        var job = await CreateJobAsync(maxAttempts: 4);

        var stored = await _store.GetJobAsync(job.JobId, CancellationToken.None);

        Assert.That(stored!.MaxAttempts, Is.EqualTo(4));
    }

    [Test]
    public async Task RecordOutcomesAsync_RetriableFailureWithAttemptsLeft_UnitWaitsAndCountsNothing()
    {
        var job = await CreateJobAsync(maxAttempts: 2, units: 2);

        var progress = await _store.RecordOutcomesAsync([Failure(job, 0, attempt: 1, Due(1))], CancellationToken.None);
        var pending = await _store.ListPendingUnitsAsync(job.JobId, -1, 10, CancellationToken.None);
        var over = await _store.FindEndedUnitsAsync(job.JobId, [0, 1], CancellationToken.None);

        Assert.That(progress, Is.EqualTo(new[] { new JobProgress(job.JobId, 2, 0, 0, true, 0) }));
        Assert.That(pending.Select(unit => unit.UnitIndex), Is.EqualTo(new long[] { 1 }));
        Assert.That(over, Is.EquivalentTo(new long[] { 0 }));
    }

    [Test]
    public async Task RecordOutcomesAsync_RetriableFailureOnTheLastAttempt_UnitFails()
    {
        var job = await CreateJobAsync(maxAttempts: 1);

        var progress = await _store.RecordOutcomesAsync([Failure(job, 0, attempt: 1, Due(1))], CancellationToken.None);

        Assert.That(progress, Is.EqualTo(new[] { new JobProgress(job.JobId, 1, 0, 1, true, 1) }));
    }

    [Test]
    public async Task RecordOutcomesAsync_FailureWithoutRetryTime_UnitFailsAtOnce()
    {
        var job = await CreateJobAsync(maxAttempts: 5);

        var progress = await _store.RecordOutcomesAsync([Failure(job, 0, attempt: 1, null)], CancellationToken.None);
        var claimed = await ClaimAsync(job, Start.AddDays(1));

        Assert.That(progress, Is.EqualTo(new[] { new JobProgress(job.JobId, 1, 0, 1, true, 1) }));
        Assert.That(claimed, Is.Empty);
    }

    [Test]
    public async Task ClaimDueUnitsAsync_BeforeAndAfterTheRetryIsDue_ClaimsOnlyOnceDueAndOnlyOnce()
    {
        var job = await CreateJobAsync(maxAttempts: 3, units: 3);
        await _store.RecordOutcomesAsync(
            [Failure(job, 0, attempt: 1, Due(10)), Failure(job, 2, attempt: 1, Due(30))],
            CancellationToken.None);

        var early = await ClaimAsync(job, Due(9));
        var due = await ClaimAsync(job, Due(10));
        var again = await ClaimAsync(job, Due(20));
        var pending = await _store.ListPendingUnitsAsync(job.JobId, -1, 10, CancellationToken.None);

        Assert.That(early, Is.Empty);
        var expected = new DueUnit(job.JobId, job.JobType, 0, 2, "u0", Due(10).AddHours(1))
        {
            UnitTimeout = TimeSpan.FromHours(1),
        };
        Assert.That(due, Is.EqualTo(new[] { expected }));
        Assert.That(again, Is.Empty);
        Assert.That(pending, Is.EqualTo(new[] { new PendingUnit(0, 2, "u0"), new PendingUnit(1, 1, "u1") }));
    }

    [Test]
    public async Task RecordOutcomesAsync_OutcomeOfAnOlderAttempt_IsIgnored()
    {
        var job = await CreateJobAsync(maxAttempts: 3);
        await _store.RecordOutcomesAsync([Failure(job, 0, attempt: 1, Due(1))], CancellationToken.None);
        await ClaimAsync(job, Due(1));

        var late = await _store.RecordOutcomesAsync([Success(job, 0, attempt: 1, "\"old\"")], CancellationToken.None);
        var current = await _store.RecordOutcomesAsync([Success(job, 0, attempt: 2, "\"new\"")], CancellationToken.None);
        var results = await ReadResultsAsync(job.JobId);

        Assert.That(late, Is.EqualTo(new[] { new JobProgress(job.JobId, 1, 0, 0, true, 0) }));
        Assert.That(current, Is.EqualTo(new[] { new JobProgress(job.JobId, 1, 1, 0, true, 1) }));
        Assert.That(results, Is.EqualTo(new[] { new StoredUnitResult(0, "\"new\"") }));
    }

    [Test]
    public async Task RecordOutcomesAsync_EveryAttemptFails_UnitFailsAfterMaxAttempts()
    {
        var job = await CreateJobAsync(maxAttempts: 3);

        var progress = new List<JobProgress>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            progress.AddRange(await _store.RecordOutcomesAsync(
                [Failure(job, 0, attempt, Due(attempt))],
                CancellationToken.None));
            await ClaimAsync(job, Due(attempt));
        }

        Assert.That(progress.Select(job => job.Failed), Is.EqualTo(new long[] { 0, 0, 1 }));
    }

    [Test]
    public async Task ClaimDueUnitsAsync_JobCancelled_LeavesItsUnitsWaiting()
    {
        var job = await CreateJobAsync(maxAttempts: 3);
        await _store.RecordOutcomesAsync([Failure(job, 0, attempt: 1, Due(1))], CancellationToken.None);
        await _store.SetJobStateAsync(job.JobId, JobState.Cancelled, null, "stop", CancellationToken.None);

        var claimed = await ClaimAsync(job, Due(5));

        Assert.That(claimed, Is.Empty);
    }

    [Test]
    public async Task CreateJobAsync_UnitTimeoutAndDeadline_AreStored()
    {
        var job = await CreateJobAsync(maxAttempts: 1, unitTimeout: TimeSpan.FromSeconds(90), deadline: Due(600));

        var stored = await _store.GetJobAsync(job.JobId, CancellationToken.None);

        Assert.That((stored!.UnitTimeout, stored.DeadlineAt), Is.EqualTo((TimeSpan.FromSeconds(90), Due(600))));
    }

    [Test]
    public async Task AppendUnitsAsync_NewUnits_LeaseEndsOneUnitTimeoutAfterDispatch()
    {
        var job = await CreateJobAsync(maxAttempts: 1, units: 2, unitTimeout: TimeSpan.FromSeconds(40));

        var before = await ExpiredAsync(job, Due(39));
        var after = await ExpiredAsync(job, Due(40));

        Assert.That(before, Is.Empty);
        Assert.That(after, Is.EquivalentTo(new[] { new ExpiredLease(job.JobId, 0, 1), new ExpiredLease(job.JobId, 1, 1) }));
    }

    [Test]
    public async Task ClaimDueUnitsAsync_ClaimedUnit_GetsANewLeaseFromTheClaim()
    {
        var job = await CreateJobAsync(maxAttempts: 2, unitTimeout: TimeSpan.FromSeconds(40));
        await _store.RecordOutcomesAsync([Failure(job, 0, attempt: 1, Due(100))], CancellationToken.None);

        var claimed = await ClaimAsync(job, Due(100));
        var before = await ExpiredAsync(job, Due(139));
        var after = await ExpiredAsync(job, Due(140));

        Assert.That(claimed.Single().LeaseExpiresAt, Is.EqualTo(Due(140)));
        Assert.That(before, Is.Empty);
        Assert.That(after, Is.EqualTo(new[] { new ExpiredLease(job.JobId, 0, 2) }));
    }

    [Test]
    public async Task ListExpiredLeasesAsync_WaitingEndedAndCancelledUnits_AreLeftOut()
    {
        var job = await CreateJobAsync(maxAttempts: 2, units: 3, unitTimeout: TimeSpan.FromSeconds(1));
        var cancelled = await CreateJobAsync(maxAttempts: 2, units: 1, unitTimeout: TimeSpan.FromSeconds(1));
        await _store.RecordOutcomesAsync(
            [Failure(job, 0, attempt: 1, Due(1000)), Success(job, 1, attempt: 1, "1")],
            CancellationToken.None);
        await _store.SetJobStateAsync(cancelled.JobId, JobState.Cancelled, null, null, CancellationToken.None);

        var expired = await _store.ListExpiredLeasesAsync(Due(500), 10_000, CancellationToken.None);

        Assert.That(
            expired.Where(lease => lease.JobId == job.JobId || lease.JobId == cancelled.JobId),
            Is.EqualTo(new[] { new ExpiredLease(job.JobId, 2, 1) }));
    }

    [Test]
    public async Task ListJobsPastDeadlineAsync_OnlyActiveJobsWhoseDeadlinePassed()
    {
        var passed = await CreateJobAsync(maxAttempts: 1, deadline: Due(10));
        var later = await CreateJobAsync(maxAttempts: 1, deadline: Due(20));
        var ended = await CreateJobAsync(maxAttempts: 1, deadline: Due(5));
        await _store.SetJobStateAsync(ended.JobId, JobState.Completed, null, null, CancellationToken.None);

        var jobs = await _store.ListJobsPastDeadlineAsync(Due(10), CancellationToken.None);

        var ours = new[] { passed.JobId, later.JobId, ended.JobId };
        Assert.That(jobs.Select(job => job.JobId).Where(ours.Contains), Is.EqualTo(new[] { passed.JobId }));
    }

    [TestCase("Cancelled")]
    [TestCase("Failed")]
    public async Task FindEndedUnitsAsync_JobEndedEarly_EveryUnitIsOver(string stateName)
    {
        var state = Enum.Parse<JobState>(stateName);
        var job = await CreateJobAsync(maxAttempts: 1, units: 2);
        await _store.SetJobStateAsync(job.JobId, state, null, "stop", CancellationToken.None);

        var over = await _store.FindEndedUnitsAsync(job.JobId, [0, 1, 5], CancellationToken.None);

        Assert.That(over, Is.EquivalentTo(new long[] { 0, 1 }));
    }

    [Test]
    public async Task ResetFailedUnitsAsync_EndedJobWithFailures_FailedUnitsWaitForOneMoreAttempt()
    {
        var job = await CreateJobAsync(maxAttempts: 1, units: 3);
        await _store.RecordOutcomesAsync(
            [Failure(job, 0, attempt: 1, null), Success(job, 1, attempt: 1, "1"), Failure(job, 2, attempt: 1, null)],
            CancellationToken.None);
        await _store.SetJobStateAsync(job.JobId, JobState.Completed, "{}", null, CancellationToken.None);

        var reset = await _store.ResetFailedUnitsAsync(job.JobId, Due(50), CancellationToken.None);
        var stored = await _store.GetJobAsync(job.JobId, CancellationToken.None);
        var whileEnded = await ClaimAsync(job, Due(50));
        await _store.SetJobStateAsync(job.JobId, JobState.Running, null, null, CancellationToken.None);
        var claimed = await ClaimAsync(job, Due(50));
        var progress = await _store.RecordOutcomesAsync(
            [Success(job, 0, attempt: 2, "0"), Success(job, 2, attempt: 2, "2")],
            CancellationToken.None);

        Assert.That(reset, Is.EqualTo(2));
        Assert.That((stored!.Succeeded, stored.Failed), Is.EqualTo((1L, 0L)));
        Assert.That(whileEnded, Is.Empty);
        Assert.That(claimed.Select(unit => (unit.UnitIndex, unit.Attempt)), Is.EqualTo(new[] { (0L, 2), (2L, 2) }));
        Assert.That(progress, Is.EqualTo(new[] { new JobProgress(job.JobId, 3, 3, 0, true, 2) }));
    }

    [Test]
    public async Task SaveCheckpointAsync_CurrentAttempt_IsHandedToTheNextAttemptAndAStaleOneIsRefused()
    {
        var job = await CreateJobAsync(maxAttempts: 3);

        var saved = await _store.SaveCheckpointAsync(job.JobId, 0, 1, "offset=10", CancellationToken.None);
        var stale = await _store.SaveCheckpointAsync(job.JobId, 0, 2, "offset=99", CancellationToken.None);
        await _store.RecordOutcomesAsync([Failure(job, 0, attempt: 1, Due(1))], CancellationToken.None);
        var claimed = await ClaimAsync(job, Due(1));

        Assert.That((saved, stale), Is.EqualTo((true, false)));
        Assert.That(claimed.Single().Checkpoint, Is.EqualTo("offset=10"));
    }

    [Test]
    public async Task ListPendingUnitsAsync_UnitsThatSavedCheckpoints_CarryTheLatestOne()
    {
        var job = await CreateJobAsync(maxAttempts: 3, units: 3);
        await _store.SaveCheckpointAsync(job.JobId, 0, 1, "offset=10", CancellationToken.None);
        await _store.SaveCheckpointAsync(job.JobId, 0, 1, "offset=20", CancellationToken.None);
        await _store.SaveCheckpointAsync(job.JobId, 1, 1, "offset=5", CancellationToken.None);
        await _store.RecordOutcomesAsync([Failure(job, 1, attempt: 1, Due(1))], CancellationToken.None);
        await ClaimAsync(job, Due(1));

        var pending = await _store.ListPendingUnitsAsync(job.JobId, -1, 10, CancellationToken.None);

        Assert.That(pending, Is.EqualTo(new[]
        {
            new PendingUnit(0, 1, "u0") { Checkpoint = "offset=20" },
            new PendingUnit(1, 2, "u1") { Checkpoint = "offset=5" },
            new PendingUnit(2, 1, "u2"),
        }));
    }

    [Test]
    public async Task ReadCheckpointAsync_CurrentAttempt_ReturnsTheLatestSavedAndNothingForAnyOtherAttempt()
    {
        var job = await CreateJobAsync(maxAttempts: 3, units: 2);
        var before = await _store.ReadCheckpointAsync(job.JobId, 0, 1, CancellationToken.None);
        await _store.SaveCheckpointAsync(job.JobId, 0, 1, "offset=10", CancellationToken.None);
        await _store.SaveCheckpointAsync(job.JobId, 0, 1, "offset=20", CancellationToken.None);

        var current = await _store.ReadCheckpointAsync(job.JobId, 0, 1, CancellationToken.None);
        var otherAttempt = await _store.ReadCheckpointAsync(job.JobId, 0, 2, CancellationToken.None);
        var otherUnit = await _store.ReadCheckpointAsync(job.JobId, 1, 1, CancellationToken.None);
        var unknownJob = await _store.ReadCheckpointAsync(Guid.NewGuid(), 0, 1, CancellationToken.None);
        await _store.RecordOutcomesAsync([Failure(job, 0, attempt: 1, Due(1))], CancellationToken.None);
        var whileWaiting = await _store.ReadCheckpointAsync(job.JobId, 0, 1, CancellationToken.None);
        await ClaimAsync(job, Due(1));
        var nextAttempt = await _store.ReadCheckpointAsync(job.JobId, 0, 2, CancellationToken.None);
        var olderAttempt = await _store.ReadCheckpointAsync(job.JobId, 0, 1, CancellationToken.None);

        Assert.That(before, Is.Null);
        Assert.That(current, Is.EqualTo("offset=20"));
        Assert.That(new[] { otherAttempt, otherUnit, unknownJob, whileWaiting, olderAttempt }, Is.All.Null);
        Assert.That(nextAttempt, Is.EqualTo("offset=20"), "the next attempt holds the checkpoint it was handed");
    }

    [Test]
    public async Task ListJobsWithAllUnitsEndedAsync_OnlyActiveJobsWhoseSplitCompletedAndEveryUnitEnded()
    {
        var ended = await CreateJobAsync(maxAttempts: 1, units: 2);
        var halfway = await CreateJobAsync(maxAttempts: 1, units: 2);
        var final = await CreateJobAsync(maxAttempts: 1, units: 1);
        var splitting = new NewJob(Guid.NewGuid(), "retry-splitting", "{}", 64, 0, Start);
        await _store.CreateJobAsync(splitting, CancellationToken.None);
        await _store.SetJobStateAsync(splitting.JobId, JobState.Splitting, null, null, CancellationToken.None);
        await _store.AppendUnitsAsync(splitting.JobId, 0, ["u0"], "1", false, CancellationToken.None);
        await _store.RecordOutcomesAsync(
            [
                Success(ended, 0, 1, "0"), Failure(ended, 1, 1, null), Success(halfway, 0, 1, "0"),
                Success(final, 0, 1, "0"), Success(splitting, 0, 1, "0"),
            ],
            CancellationToken.None);
        await _store.SetJobStateAsync(final.JobId, JobState.Completed, "0", null, CancellationToken.None);

        var jobs = await _store.ListJobsWithAllUnitsEndedAsync(CancellationToken.None);

        var ours = new[] { ended.JobId, halfway.JobId, final.JobId, splitting.JobId };
        Assert.That(
            jobs.Where(job => ours.Contains(job.JobId)).Select(job => (job.JobId, job.Succeeded, job.Failed)),
            Is.EqualTo(new[] { (ended.JobId, 1L, 1L) }));
    }

    private static DateTimeOffset Due(int seconds) => Start.AddSeconds(seconds);

    private static UnitOutcome Failure(NewJob job, long index, int attempt, DateTimeOffset? retryAt) =>
        new(job.JobId, index, attempt, false, null, "System.IO.IOException", "flaky", "fp-io") { RetryAt = retryAt };

    private static UnitOutcome Success(NewJob job, long index, int attempt, string result) =>
        new(job.JobId, index, attempt, true, result, null, null, null);

    private async Task<NewJob> CreateJobAsync(
        int maxAttempts,
        int units = 1,
        TimeSpan? unitTimeout = null,
        DateTimeOffset? deadline = null)
    {
        var job = new NewJob(Guid.NewGuid(), $"retry-{Guid.NewGuid():N}", "{}", 64, 0, Start)
        {
            MaxAttempts = maxAttempts,
            UnitTimeout = unitTimeout ?? TimeSpan.FromHours(1),
            DeadlineAt = deadline,
        };
        await _store.CreateJobAsync(job, CancellationToken.None);
        await _store.SetJobStateAsync(job.JobId, JobState.Running, null, null, CancellationToken.None);

        var payloads = Enumerable.Range(0, units).Select(index => $"u{index}").ToList();
        await _store.AppendUnitsAsync(job.JobId, 0, payloads, null, true, CancellationToken.None);
        return job;
    }

    private async Task<List<DueUnit>> ClaimAsync(NewJob job, DateTimeOffset now)
    {
        var claimed = await _store.ClaimDueUnitsAsync(now, 10_000, CancellationToken.None);
        return [.. claimed.Where(unit => unit.JobId == job.JobId)];
    }

    private async Task<List<ExpiredLease>> ExpiredAsync(NewJob job, DateTimeOffset expiredBy)
    {
        var expired = await _store.ListExpiredLeasesAsync(expiredBy, 10_000, CancellationToken.None);
        return [.. expired.Where(lease => lease.JobId == job.JobId)];
    }

    private async Task<List<StoredUnitResult>> ReadResultsAsync(Guid jobId)
    {
        var results = new List<StoredUnitResult>();
        await foreach (var result in _store.ReadResultsAsync(jobId, CancellationToken.None))
        {
            results.Add(result);
        }

        return results;
    }
}
