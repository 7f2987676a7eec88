using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NUnit.Framework;
using WorkUnits.IntegrationTests.Infrastructure;
using WorkUnits.PostgreSql;
using WorkUnits.PostgreSql.Storage;
using WorkUnits.Storage;

namespace WorkUnits.IntegrationTests.Storage;

/// <summary>
/// Measures how many unit outcomes per second the PostgreSQL store records for one job. It asserts nothing about
/// speed, which depends on the machine; run it by hand and read the output.
/// </summary>
[Explicit("A measurement to run by hand, not a test of behaviour.")]
public sealed class RecordOutcomesThroughput : ServiceFixture
{
    [TestCase(200_000, 1_000, 1)]
    [TestCase(200_000, 1_000, 2)]
    [TestCase(200_000, 500, 4)]
    public async Task RecordOutcomesAsync_OneJob_PrintsOutcomesPerSecond(int units, int batchSize, int writers)
    {
        var dataSource = Own(NpgsqlDataSource.Create(Endpoints.PostgresConnectionString));
        var store = new PostgresWorkUnitStore(
            dataSource,
            new PostgresRetry(NullLogger<PostgresRetry>.Instance, TimeProvider.System),
            TimeProvider.System);
        await store.InitializeAsync(CancellationToken.None);
        var job = new NewJob(Guid.NewGuid(), "throughput", "{}", 1000, 0, DateTimeOffset.UtcNow);
        await store.CreateJobAsync(job, CancellationToken.None);

        var appending = Stopwatch.StartNew();
        for (var first = 0; first < units; first += 10_000)
        {
            var payloads = Enumerable.Range(first, 10_000).Select(index => $"{{\"item\":{index}}}").ToArray();
            await store.AppendUnitsAsync(job.JobId, first, payloads, null, first + 10_000 >= units, default);
        }

        appending.Stop();

        var batches = Enumerable.Range(0, units)
            .Select(index => new UnitOutcome(job.JobId, index, 1, true, $"{{\"n\":{index}}}", null, null, null))
            .Chunk(batchSize)
            .ToList();
        var next = -1;
        var recording = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            int batch;
            while ((batch = Interlocked.Increment(ref next)) < batches.Count)
            {
                await store.RecordOutcomesAsync(batches[batch], CancellationToken.None);
            }
        })));
        recording.Stop();

        var stored = await store.GetJobAsync(job.JobId, CancellationToken.None);
        await TestContext.Out.WriteLineAsync(
            $"appended {units:N0} units at {units / appending.Elapsed.TotalSeconds:N0}/s; recorded outcomes in " +
            $"batches of {batchSize} from {writers} writer(s) at {units / recording.Elapsed.TotalSeconds:N0}/s");
        Assert.That(stored!.Succeeded, Is.EqualTo(units));
    }
}
