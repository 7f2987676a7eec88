using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using WorkUnits.Contracts;

namespace WorkUnits.Tests.Client;

/// <summary>
/// Waiting for a job outlasts a status request that goes unanswered, as one does while the broker connection of
/// the orchestrator is being re-established.
/// </summary>
[TestFixture]
public sealed class WorkUnitsClientWaitTests
{
    [Test]
    public async Task WaitAsync_FirstStatusRequestUnanswered_AsksAgainAndReturnsTheFinalStatus()
    {
        await using var services = new ServiceCollection()
            .AddSingleton<StatusAnswers>()
            .AddMassTransitTestHarness(bus => bus.AddConsumer<SilentOnceStatusConsumer>()
                .Endpoint(endpoint => endpoint.Name = WorkUnitsQueues.Queries))
            .BuildServiceProvider(validateScopes: true);
        var harness = services.GetRequiredService<ITestHarness>();
        await harness.Start();
        var client = new WorkUnitsClient(harness.Bus, TimeProvider.System)
        {
            RequestTimeout = TimeSpan.FromMilliseconds(300),
        };
        var jobId = Guid.NewGuid();

        var final = await client.WaitAsync(jobId, TimeSpan.Zero).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.That(final.State, Is.EqualTo("completed"));
        Assert.That(services.GetRequiredService<StatusAnswers>().Requests, Is.EqualTo(2));
    }

    [Test]
    public void WaitAsync_NoJobWithThatId_ThrowsNamingTheId()
    {
        var jobId = Guid.NewGuid();

        var exception = Assert.ThrowsAsync<WorkUnitsException>(async () =>
        {
            await using var services = new ServiceCollection()
                .AddMassTransitTestHarness(bus => bus.AddConsumer<NotFoundStatusConsumer>()
                    .Endpoint(endpoint => endpoint.Name = WorkUnitsQueues.Queries))
                .BuildServiceProvider(validateScopes: true);
            var harness = services.GetRequiredService<ITestHarness>();
            await harness.Start();
            await new WorkUnitsClient(harness.Bus, TimeProvider.System).WaitAsync(jobId, TimeSpan.Zero);
        });

        Assert.That(exception!.Message, Does.Contain(jobId.ToString()));
    }

    /// <summary>Counts the status requests the consumer has seen.</summary>
    public sealed class StatusAnswers
    {
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        public int Next() => Interlocked.Increment(ref _requests);
    }

    /// <summary>Leaves the first status request unanswered and answers the next as completed.</summary>
    public sealed class SilentOnceStatusConsumer : IConsumer<GetJobStatus>
    {
        private readonly StatusAnswers _answers;

        public SilentOnceStatusConsumer(StatusAnswers answers) => _answers = answers;

        public async Task Consume(ConsumeContext<GetJobStatus> context)
        {
            if (_answers.Next() == 1)
            {
                return;
            }

            await context.RespondAsync(new JobStatus
            {
                JobId = context.Message.JobId,
                JobType = "synthetic",
                State = "completed",
            });
        }
    }

    /// <summary>Answers every status request with "no such job".</summary>
    public sealed class NotFoundStatusConsumer : IConsumer<GetJobStatus>
    {
        public Task Consume(ConsumeContext<GetJobStatus> context) =>
            context.RespondAsync(new JobNotFound(context.Message.JobId));
    }
}
