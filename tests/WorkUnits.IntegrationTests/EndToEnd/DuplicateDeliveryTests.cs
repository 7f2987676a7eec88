using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using WorkUnits.Contracts;
using WorkUnits.Hosting;
using WorkUnits.IntegrationTests.Infrastructure;
using WorkUnits.Jobs;

namespace WorkUnits.IntegrationTests.EndToEnd;

/// <summary>Copies of unit messages and of outcomes, with new message ids, change neither counts nor results.</summary>
[TestFixture]
public sealed class DuplicateDeliveryTests : EndToEndFixture
{
    private const long Units = 300;

    [Test]
    public async Task UnitMessages_DeliveredAgainAfterTheJobEnded_NeverRunAHandlerAgainNorCountTwice()
    {
        var host = await StartHostAsync(WorkUnitsRole.All, AddCountingJobType);
        var accepted = await host.Client().SubmitAsync(CountingJob());
        var before = await host.Client().WaitForEndAsync(accepted.JobId, TimeSpan.FromMinutes(5));
        var consumed = new ConsumedCounter<ExecuteUnit>(expected: Units);
        using var observer = host.Services.GetRequiredService<IBus>().ConnectConsumeMessageObserver(consumed);

        var units = await host.Services.GetRequiredService<IBus>()
            .GetSendEndpoint(new Uri($"queue:{WorkUnitsQueues.Units}"));
        for (var index = 0L; index < Units; index++)
        {
            var copy = new ExecuteUnit(accepted.JobId, "counting", index, Attempt: 1, Payload: Payload(index));
            await units.Send(copy, context => context.MessageId = NewId.NextGuid());
        }

        await consumed.AllConsumed.WaitAsync(TimeSpan.FromMinutes(2));
        var after = await host.Client().GetStatusAsync(accepted.JobId);

        Assert.Multiple(() =>
        {
            Assert.That(before.State, Is.EqualTo("completed"));
            Assert.That(CountingHandler.RunsOf(accepted.JobId), Has.Count.EqualTo(Units));
            Assert.That(CountingHandler.RunsOf(accepted.JobId), Has.All.EqualTo(1));
            Assert.That(after!.Succeeded, Is.EqualTo(Units));
            Assert.That(after.Result!.Value.GetProperty("sum").GetInt64(), Is.EqualTo(Units * (Units - 1) / 2));
        });
    }

    [Test]
    public async Task Outcomes_ReportedAgainWithNewMessageIds_CountOnce()
    {
        var host = await StartHostAsync(WorkUnitsRole.All, AddCountingJobType);
        var accepted = await host.Client().SubmitAsync(CountingJob());
        await host.Client().WaitForEndAsync(accepted.JobId, TimeSpan.FromMinutes(5));
        var consumed = new ConsumedCounter<UnitCompleted>(expected: Units * 2);
        using var observer = host.Services.GetRequiredService<IBus>().ConnectConsumeMessageObserver(consumed);

        var outcomes = await host.Services.GetRequiredService<IBus>()
            .GetSendEndpoint(new Uri($"queue:{WorkUnitsQueues.Outcomes}"));
        for (var copy = 0; copy < 2; copy++)
        {
            for (var index = 0L; index < Units; index++)
            {
                var duplicate = new UnitCompleted(accepted.JobId, index, Attempt: 1, Result: "1000000");
                await outcomes.Send(duplicate, context => context.MessageId = NewId.NextGuid());
            }
        }

        await consumed.AllConsumed.WaitAsync(TimeSpan.FromMinutes(2));
        var after = await host.Client().GetStatusAsync(accepted.JobId);

        Assert.Multiple(() =>
        {
            Assert.That(after!.Succeeded, Is.EqualTo(Units));
            Assert.That(after.Failed, Is.Zero);
            Assert.That(after.Result!.Value.GetProperty("sum").GetInt64(), Is.EqualTo(Units * (Units - 1) / 2));
        });
    }

    private static void AddCountingJobType(WorkUnitsBuilder workUnits) =>
        workUnits.AddJobType<CountingSplitter, CountingHandler, CountingFinalizer>("counting");

    private static SubmitJob CountingJob() => new()
    {
        JobType = "counting",
        Parameters = JsonSerializer.SerializeToElement(new { units = Units }),
    };

    private static string Payload(long index) => index.ToString(CultureInfo.InvariantCulture);

    public sealed record CountingParameters
    {
        public long Units { get; init; }
    }

    public sealed record CountingResult(long Sum);

    public sealed class CountingSplitter : IJobSplitter<CountingParameters, long>
    {
        public async IAsyncEnumerable<SplitUnit<long>> SplitAsync(
            CountingParameters parameters,
            string? cursor,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var next = cursor is null ? 0 : long.Parse(cursor, CultureInfo.InvariantCulture);
            for (var index = next; index < parameters.Units; index++)
            {
                yield return new SplitUnit<long>(index, Payload(index + 1));
            }

            await Task.CompletedTask;
        }
    }

    /// <summary>Counts how often each unit's handler runs, per job.</summary>
    public sealed class CountingHandler : IUnitHandler<long, long>
    {
        private static readonly ConcurrentDictionary<(Guid Job, long Unit), int> Runs = new();

        public static IReadOnlyList<int> RunsOf(Guid jobId) =>
            Runs.Where(run => run.Key.Job == jobId).Select(run => run.Value).ToList();

        public Task<long> HandleAsync(long unit, UnitContext context)
        {
            Runs.AddOrUpdate((context.JobId, context.UnitIndex), 1, (_, runs) => runs + 1);
            return Task.FromResult(unit);
        }
    }

    public sealed class CountingFinalizer : IJobFinalizer<CountingParameters, long, CountingResult>
    {
        public async Task<CountingResult> FinalizeAsync(
            CountingParameters parameters,
            IAsyncEnumerable<UnitResult<long>> results,
            FinalizeContext context)
        {
            var sum = 0L;
            await foreach (var result in results)
            {
                sum += result.Value;
            }

            return new CountingResult(sum);
        }
    }

    /// <summary>Completes once the bus has finished consuming a number of messages of one type.</summary>
    private sealed class ConsumedCounter<T>(long expected) : IConsumeMessageObserver<T>
        where T : class
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _consumed;

        public Task AllConsumed => _all.Task;

        public Task PreConsume(ConsumeContext<T> context) => Task.CompletedTask;

        public Task PostConsume(ConsumeContext<T> context)
        {
            if (Interlocked.Increment(ref _consumed) >= expected)
            {
                _all.TrySetResult();
            }

            return Task.CompletedTask;
        }

        public Task ConsumeFault(ConsumeContext<T> context, Exception exception)
        {
            _all.TrySetException(exception);
            return Task.CompletedTask;
        }
    }
}
