using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using NUnit.Framework;
using WorkUnits.IntegrationTests.Infrastructure;
using WorkUnits.JobTypes;
using WorkUnits.PostgreSql;
using WorkUnits.PostgreSql.Storage;
using WorkUnits.Storage;

namespace WorkUnits.IntegrationTests.Storage;

/// <summary>
/// The behaviour every <see cref="IWorkUnitStore"/> promises, run against PostgreSQL and against the in-memory
/// reference, so that the two cannot drift apart.
/// </summary>
[TestFixture(StoreKind.Postgres)]
[TestFixture(StoreKind.InMemory)]
public sealed class WorkUnitStoreContractTests : ServiceFixture
{
    private static readonly DateTimeOffset Start = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private readonly StoreKind _kind;
    private FakeTimeProvider _time = null!;
    private IWorkUnitStore _store = null!;

    public WorkUnitStoreContractTests(StoreKind kind) => _kind = kind;

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
    public async Task InitializeAsync_SeveralAtOnce_AllSucceed()
    {
        var initializations = Enumerable.Range(0, 4).Select(_ => _store.InitializeAsync(CancellationToken.None));

        await Task.WhenAll(initializations);

        Assert.Pass();
    }

    [Test]
    public async Task CreateJobAsync_NewId_StoresSubmittedJob()
    {
        var job = NewJob("create");

        var created = await _store.CreateJobAsync(job, CancellationToken.None);
        var stored = await _store.GetJobAsync(job.JobId, CancellationToken.None);

        Assert.That(created, Is.True);
        Assert.That(stored, Is.EqualTo(new JobRecord
        {
            JobId = job.JobId,
            JobType = job.JobType,
            Parameters = job.Parameters,
            MaxInFlight = job.MaxInFlight,
            MaxFailedUnits = job.MaxFailedUnits,
            State = JobState.Submitted,
            CreatedAt = job.CreatedAt,
        }));
    }

    [Test]
    public async Task CreateJobAsync_ExistingId_ReturnsFalseAndKeepsTheFirst()
    {
        var job = NewJob("create-twice");
        await _store.CreateJobAsync(job, CancellationToken.None);

        var created = await _store.CreateJobAsync(job with { Parameters = "{\"other\":1}" }, CancellationToken.None);
        var stored = await _store.GetJobAsync(job.JobId, CancellationToken.None);

        Assert.That(created, Is.False);
        Assert.That(stored!.Parameters, Is.EqualTo(job.Parameters));
    }

    [Test]
    public async Task GetJobAsync_UnknownId_ReturnsNull()
    {
        var stored = await _store.GetJobAsync(Guid.NewGuid(), CancellationToken.None);

        Assert.That(stored, Is.Null);
    }

    [Test]
    public async Task ListJobsAsync_StateAndTypeFilters_ReturnMatchesNewestFirst()
    {
        var type = UniqueType("list");
        var oldest = await CreateAsync(NewJob(type, minutes: 1));
        var running = await CreateAsync(NewJob(type, minutes: 2));
        var newest = await CreateAsync(NewJob(type, minutes: 3));
        await CreateAsync(NewJob(UniqueType("other"), minutes: 4));
        await _store.SetJobStateAsync(running.JobId, JobState.Running, null, null, CancellationToken.None);

        var all = await _store.ListJobsAsync(new JobListQuery(null, type, 10, 0), CancellationToken.None);
        var submitted = await _store.ListJobsAsync(
            new JobListQuery(JobState.Submitted, type, 10, 0),
            CancellationToken.None);

        Assert.That(all.Select(job => job.JobId), Is.EqualTo(new[] { newest.JobId, running.JobId, oldest.JobId }));
        Assert.That(submitted.Select(job => job.JobId), Is.EqualTo(new[] { newest.JobId, oldest.JobId }));
    }

    [Test]
    public async Task ListJobsAsync_LimitAndOffset_ReturnOnePage()
    {
        var type = UniqueType("page");
        var jobs = new List<NewJob>();
        for (var minute = 1; minute <= 5; minute++)
        {
            jobs.Add(await CreateAsync(NewJob(type, minutes: minute)));
        }

        var page = await _store.ListJobsAsync(new JobListQuery(null, type, 2, 1), CancellationToken.None);

        Assert.That(page.Select(job => job.JobId), Is.EqualTo(new[] { jobs[3].JobId, jobs[2].JobId }));
    }

    [Test]
    public async Task ListUnfinishedJobsAsync_MixedStates_ReturnsUnfinishedOldestFirst()
    {
        var type = UniqueType("unfinished");
        var later = await CreateAsync(NewJob(type, minutes: 20));
        var earlier = await CreateAsync(NewJob(type, minutes: 10));
        var completed = await CreateAsync(NewJob(type, minutes: 5));
        await _store.SetJobStateAsync(later.JobId, JobState.Running, null, null, CancellationToken.None);
        await _store.SetJobStateAsync(completed.JobId, JobState.Completed, "1", null, CancellationToken.None);

        var unfinished = await _store.ListUnfinishedJobsAsync(CancellationToken.None);

        Assert.That(
            unfinished.Where(job => job.JobType == type).Select(job => job.JobId),
            Is.EqualTo(new[] { earlier.JobId, later.JobId }));
    }

    [Test]
    public async Task SetJobStateAsync_NullResultAndReason_KeepsThePreviousOnes()
    {
        var job = await CreateAsync(NewJob("state"));
        await _store.SetJobStateAsync(job.JobId, JobState.Finalizing, "{\"sum\":1}", "why", CancellationToken.None);

        await _store.SetJobStateAsync(job.JobId, JobState.Finalizing, null, null, CancellationToken.None);
        var stored = await _store.GetJobAsync(job.JobId, CancellationToken.None);

        Assert.That(stored!.Result, Is.EqualTo("{\"sum\":1}"));
        Assert.That(stored.Reason, Is.EqualTo("why"));
        Assert.That(stored.EndedAt, Is.Null);
    }

    [Test]
    public async Task SetJobStateAsync_FinalStateTwice_KeepsTheFirstEndTime()
    {
        var job = await CreateAsync(NewJob("ended"));

        await _store.SetJobStateAsync(
            job.JobId,
            JobState.Failed,
            null,
            "too many failed units",
            CancellationToken.None);
        var endedAt = _time.GetUtcNow();
        _time.Advance(TimeSpan.FromMinutes(5));
        await _store.SetJobStateAsync(job.JobId, JobState.Cancelled, null, null, CancellationToken.None);
        var stored = await _store.GetJobAsync(job.JobId, CancellationToken.None);

        Assert.That(stored!.State, Is.EqualTo(JobState.Cancelled));
        Assert.That(stored.EndedAt, Is.EqualTo(endedAt));
        Assert.That(stored.Reason, Is.EqualTo("too many failed units"));
    }

    [Test]
    public void SetJobStateAsync_UnknownJob_Throws()
    {
        Assert.ThrowsAsync<InvalidOperationException>(() =>
            _store.SetJobStateAsync(Guid.NewGuid(), JobState.Running, null, null, CancellationToken.None));
    }

    [Test]
    public async Task AppendUnitsAsync_SameIndexesTwice_StoresThemOnce()
    {
        var job = await CreateAsync(NewJob("append"));
        await _store.AppendUnitsAsync(job.JobId, 0, ["a", "b", "c"], "c3", false, CancellationToken.None);

        var progress = await _store.AppendUnitsAsync(
            job.JobId,
            0,
            ["x", "y", "z"],
            "c3",
            false,
            CancellationToken.None);
        var pending = await _store.ListPendingUnitsAsync(job.JobId, -1, 10, CancellationToken.None);

        Assert.That(progress, Is.EqualTo(new JobProgress(job.JobId, 3, 0, 0, false, 0)));
        Assert.That(pending, Is.EqualTo(new[]
        {
            new PendingUnit(0, 1, "a"),
            new PendingUnit(1, 1, "b"),
            new PendingUnit(2, 1, "c"),
        }));
    }

    [Test]
    public async Task AppendUnitsAsync_ResumedFromTheCursor_ContinuesAfterTheLastUnit()
    {
        var job = await CreateAsync(NewJob("resume"));
        await _store.AppendUnitsAsync(job.JobId, 0, ["a", "b"], "after-b", false, CancellationToken.None);
        var stored = await _store.GetJobAsync(job.JobId, CancellationToken.None);

        var progress = await _store.AppendUnitsAsync(
            job.JobId,
            stored!.Dispatched,
            ["c"],
            null,
            true,
            CancellationToken.None);
        var resumed = await _store.GetJobAsync(job.JobId, CancellationToken.None);

        Assert.That(stored.Cursor, Is.EqualTo("after-b"));
        Assert.That(progress, Is.EqualTo(new JobProgress(job.JobId, 3, 0, 0, true, 0)));
        Assert.That(resumed!.Cursor, Is.EqualTo("after-b"));
        Assert.That(resumed.Total, Is.EqualTo(3));
    }

    [Test]
    public void AppendUnitsAsync_UnknownJob_Throws()
    {
        Assert.ThrowsAsync<InvalidOperationException>(() =>
            _store.AppendUnitsAsync(Guid.NewGuid(), 0, ["a"], null, false, CancellationToken.None));
    }

    [Test]
    public async Task ListPendingUnitsAsync_AfterAnIndex_ReturnsUnitsWithoutOutcomeInOrder()
    {
        var job = await CreateAsync(NewJob("pending"));
        await _store.AppendUnitsAsync(job.JobId, 0, ["a", "b", "c", "d", "e"], null, true, CancellationToken.None);
        await _store.RecordOutcomesAsync([Succeeded(job, 2)], CancellationToken.None);

        var pending = await _store.ListPendingUnitsAsync(job.JobId, 0, 2, CancellationToken.None);

        Assert.That(pending.Select(unit => unit.UnitIndex), Is.EqualTo(new long[] { 1, 3 }));
    }

    [Test]
    public async Task RecordOutcomesAsync_DuplicatesInOneBatch_CountOnceAndTheFirstWins()
    {
        var job = await CreateAsync(NewJob("duplicates"));
        await _store.AppendUnitsAsync(job.JobId, 0, ["a", "b"], null, true, CancellationToken.None);

        var progress = await _store.RecordOutcomesAsync(
            [Succeeded(job, 0, "\"first\""), Failed(job, 0), Succeeded(job, 0, "\"third\"")],
            CancellationToken.None);
        var results = await ReadResultsAsync(job.JobId);

        Assert.That(progress, Is.EqualTo(new[] { new JobProgress(job.JobId, 2, 1, 0, true, 1) }));
        Assert.That(results, Is.EqualTo(new[] { new StoredUnitResult(0, "\"first\"") }));
    }

    [Test]
    public async Task RecordOutcomesAsync_RepeatedInALaterBatch_CountsZero()
    {
        var job = await CreateAsync(NewJob("repeat"));
        await _store.AppendUnitsAsync(job.JobId, 0, ["a", "b"], null, true, CancellationToken.None);
        await _store.RecordOutcomesAsync([Succeeded(job, 0), Failed(job, 1)], CancellationToken.None);

        var progress = await _store.RecordOutcomesAsync(
            [Failed(job, 0), Succeeded(job, 1)],
            CancellationToken.None);

        Assert.That(progress, Is.EqualTo(new[] { new JobProgress(job.JobId, 2, 1, 1, true, 0) }));
        Assert.That(progress[0].AllUnitsEnded, Is.True);
    }

    [Test]
    public async Task RecordOutcomesAsync_UnknownUnitsAndJobs_AreIgnored()
    {
        var job = await CreateAsync(NewJob("unknown"));
        await _store.AppendUnitsAsync(job.JobId, 0, ["a"], null, false, CancellationToken.None);
        var unknownJob = NewJob("never-created");

        var progress = await _store.RecordOutcomesAsync(
            [Succeeded(unknownJob, 0), Succeeded(job, 7), Succeeded(job, 0)],
            CancellationToken.None);

        Assert.That(progress, Is.EqualTo(new[] { new JobProgress(job.JobId, 1, 1, 0, false, 1) }));
    }

    [Test]
    public async Task RecordOutcomesAsync_SeveralJobs_ReportsEachInTheOrderTheBatchNamesThem()
    {
        var first = await CreateAsync(NewJob("several"));
        var second = await CreateAsync(NewJob("several"));
        await _store.AppendUnitsAsync(first.JobId, 0, ["a", "b"], null, true, CancellationToken.None);
        await _store.AppendUnitsAsync(second.JobId, 0, ["a", "b"], null, false, CancellationToken.None);
        await _store.RecordOutcomesAsync([Succeeded(first, 1)], CancellationToken.None);

        var progress = await _store.RecordOutcomesAsync(
            [Failed(second, 0), Succeeded(first, 0), Succeeded(first, 1), Succeeded(second, 1)],
            CancellationToken.None);

        Assert.That(progress, Is.EqualTo(new[]
        {
            new JobProgress(second.JobId, 2, 1, 1, false, 2),
            new JobProgress(first.JobId, 2, 2, 0, true, 1),
        }));
        Assert.That(progress[0].AllUnitsEnded, Is.False);
        Assert.That(progress[1].AllUnitsEnded, Is.True);
    }

    [Test]
    public async Task RecordOutcomesAsync_NothingNew_StillReportsTheJob()
    {
        var job = await CreateAsync(NewJob("nothing-new"));
        await _store.AppendUnitsAsync(job.JobId, 0, ["a"], null, true, CancellationToken.None);
        await _store.RecordOutcomesAsync([Succeeded(job, 0)], CancellationToken.None);

        var progress = await _store.RecordOutcomesAsync([Succeeded(job, 0)], CancellationToken.None);

        Assert.That(progress, Is.EqualTo(new[] { new JobProgress(job.JobId, 1, 1, 0, true, 0) }));
    }

    [Test]
    public async Task RecordOutcomesAsync_ConcurrentOverlappingBatches_CountEveryUnitExactlyOnce()
    {
        const int Units = 2_000;
        var job = await CreateAsync(NewJob("concurrent"));
        await _store.AppendUnitsAsync(
            job.JobId,
            0,
            [.. Enumerable.Range(0, Units).Select(index => $"{{\"n\":{index}}}")],
            null,
            true,
            CancellationToken.None);

        // Four writers each report every unit, in batches of 100, in their own shuffled order.
        var writers = Enumerable.Range(0, 4).Select(seed => Task.Run(async () =>
        {
            var order = Enumerable.Range(0, Units).OrderBy(_ => Random.Shared.Next()).ToList();
            var newlyEnded = 0L;
            foreach (var batch in order.Chunk(100))
            {
                var progress = await _store.RecordOutcomesAsync(
                    [.. batch.Select(index => index % 10 == 0 ? Failed(job, index) : Succeeded(job, index))],
                    CancellationToken.None);
                newlyEnded += progress.Sum(p => p.NewlyEnded);
            }

            return newlyEnded;
        }));
        var newlyEnded = await Task.WhenAll(writers);
        var stored = await _store.GetJobAsync(job.JobId, CancellationToken.None);

        Assert.That(newlyEnded.Sum(), Is.EqualTo(Units));
        Assert.That(stored!.Succeeded, Is.EqualTo(Units - (Units / 10)));
        Assert.That(stored.Failed, Is.EqualTo(Units / 10));
    }

    [Test]
    public async Task FindEndedUnitsAsync_SomeEnded_ReturnsOnlyThose()
    {
        var job = await CreateAsync(NewJob("find"));
        await _store.AppendUnitsAsync(job.JobId, 0, ["a", "b", "c", "d"], null, true, CancellationToken.None);
        await _store.RecordOutcomesAsync([Succeeded(job, 1), Failed(job, 3)], CancellationToken.None);

        var ended = await _store.FindEndedUnitsAsync(job.JobId, [0, 1, 3, 9], CancellationToken.None);
        var ofUnknownJob = await _store.FindEndedUnitsAsync(Guid.NewGuid(), [0], CancellationToken.None);

        Assert.That(ended, Is.EquivalentTo(new long[] { 1, 3 }));
        Assert.That(ofUnknownJob, Is.Empty);
    }

    [Test]
    public async Task ReadResultsAsync_MixedOutcomes_StreamsSucceededResultsInUnitOrder()
    {
        var job = await CreateAsync(NewJob("results"));
        await _store.AppendUnitsAsync(job.JobId, 0, ["a", "b", "c", "d", "e"], null, true, CancellationToken.None);
        await _store.RecordOutcomesAsync(
            [Succeeded(job, 4, "4"), Failed(job, 1), Succeeded(job, 0, "0"), Succeeded(job, 2, "2")],
            CancellationToken.None);

        var results = await ReadResultsAsync(job.JobId);

        Assert.That(results, Is.EqualTo(new[]
        {
            new StoredUnitResult(0, "0"),
            new StoredUnitResult(2, "2"),
            new StoredUnitResult(4, "4"),
        }));
    }

    [Test]
    public void ReadResultsAsync_UnknownJob_Throws()
    {
        Assert.ThrowsAsync<InvalidOperationException>(() => ReadResultsAsync(Guid.NewGuid()));
    }

    [Test]
    public async Task ListErrorGroupsAsync_TwoCauses_GroupsByFingerprintLargestFirstWithTheNewestMessage()
    {
        var job = await CreateAsync(NewJob("errors"));
        await _store.AppendUnitsAsync(job.JobId, 0, ["a", "b", "c", "d", "e"], null, true, CancellationToken.None);
        await _store.RecordOutcomesAsync([Failed(job, 0), Succeeded(job, 1)], CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        await _store.RecordOutcomesAsync(
            [
                Failed(job, 2) with { ErrorMessage = "timed out again" },
                new(job.JobId, 3, 1, false, null, "System.IO.IOException", "disk full", "fp-2"),
            ],
            CancellationToken.None);

        var groups = await _store.ListErrorGroupsAsync(job.JobId, 10, CancellationToken.None);

        Assert.That(groups, Is.EqualTo(new[]
        {
            new ErrorGroup("fp-1", "System.TimeoutException", 2, "timed out again", _time.GetUtcNow()),
            new ErrorGroup("fp-2", "System.IO.IOException", 1, "disk full", _time.GetUtcNow()),
        }));
    }

    [Test]
    public async Task ListErrorGroupsAsync_UnknownJobOrNoFailures_ReturnsNone()
    {
        var job = await CreateAsync(NewJob("no-errors"));
        await _store.AppendUnitsAsync(job.JobId, 0, ["a"], null, true, CancellationToken.None);
        await _store.RecordOutcomesAsync([Succeeded(job, 0)], CancellationToken.None);

        var none = await _store.ListErrorGroupsAsync(job.JobId, 10, CancellationToken.None);
        var unknown = await _store.ListErrorGroupsAsync(Guid.NewGuid(), 10, CancellationToken.None);

        Assert.That(none, Is.Empty);
        Assert.That(unknown, Is.Empty);
    }

    [Test]
    public async Task CountEndedUnitsAsync_UnitsEndedInThreeSlices_CountsEachSliceFromTheOrigin()
    {
        var job = await CreateAsync(NewJob("throughput"));
        var origin = _time.GetUtcNow();
        await _store.AppendUnitsAsync(job.JobId, 0, ["a", "b", "c", "d"], null, true, CancellationToken.None);
        await _store.RecordOutcomesAsync([Succeeded(job, 0), Failed(job, 1)], CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(25));
        await _store.RecordOutcomesAsync([Succeeded(job, 2)], CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(10));
        await _store.RecordOutcomesAsync([Succeeded(job, 3)], CancellationToken.None);

        var buckets = await _store.CountEndedUnitsAsync(
            job.JobId,
            origin,
            TimeSpan.FromSeconds(10),
            CancellationToken.None);

        Assert.That(buckets, Is.EqualTo(new[]
        {
            new ThroughputBucket(origin, 1, 1),
            new ThroughputBucket(origin.AddSeconds(20), 1, 0),
            new ThroughputBucket(origin.AddSeconds(30), 1, 0),
        }));
    }

    [Test]
    public async Task PingAsync_ReachableStore_Completes()
    {
        await _store.PingAsync(CancellationToken.None);

        Assert.Pass();
    }

    private static string UniqueType(string name) => $"{name}-{Guid.NewGuid():N}";

    private static NewJob NewJob(string type, int minutes = 0) =>
        new(Guid.NewGuid(), type, "{\"size\":3}", 64, 5, Start.AddMinutes(minutes));

    private static UnitOutcome Succeeded(NewJob job, long index, string result = "{}") =>
        new(job.JobId, index, 1, true, result, null, null, null);

    private static UnitOutcome Failed(NewJob job, long index) =>
        new(job.JobId, index, 1, false, null, "System.TimeoutException", "timed out", "fp-1");

    private async Task<NewJob> CreateAsync(NewJob job)
    {
        await _store.CreateJobAsync(job, CancellationToken.None);
        return job;
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
