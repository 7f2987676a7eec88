using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using WorkUnits.Contracts;
using WorkUnits.Hosting;
using WorkUnits.Orchestration;

namespace WorkUnits.Tests.Orchestration;

/// <summary>How the orchestrator packs units into messages for the workers' queue, on MassTransit's harness.</summary>
[TestFixture]
public sealed class UnitSenderTests
{
    private static readonly int[] ThirtyFiveInSixteens = [16, 16, 3];

    [Test]
    public async Task SendAsync_MoreUnitsThanOneMessageHolds_SendsConsecutiveBatchesOfAtMostUnitsPerMessage()
    {
        await using var services = StartHarness(unitsPerMessage: 16, out var sender, out var harness);
        await harness.Start();
        var jobId = Guid.NewGuid();

        await sender.SendAsync(Units(jobId, 35), CancellationToken.None);

        var batches = harness.Sent.Select<ExecuteUnits>().Select(sent => sent.Context.Message).ToList();
        Assert.That(batches.Select(batch => batch.Units.Count), Is.EqualTo(ThirtyFiveInSixteens));
        Assert.That(
            batches.SelectMany(batch => batch.Units).Select(unit => unit.UnitIndex),
            Is.EqualTo(Enumerable.Range(0, 35).Select(index => (long)index)));
        Assert.That(harness.Sent.Select<ExecuteUnit>().Any(), Is.False);
    }

    [Test]
    public async Task SendAsync_OneUnitLeftOverAfterFullBatches_SendsItAsAnExecuteUnit()
    {
        await using var services = StartHarness(unitsPerMessage: 16, out var sender, out var harness);
        await harness.Start();
        var jobId = Guid.NewGuid();

        await sender.SendAsync(Units(jobId, 17), CancellationToken.None);

        Assert.That(harness.Sent.Select<ExecuteUnits>().Single().Context.Message.Units, Has.Count.EqualTo(16));
        Assert.That(harness.Sent.Select<ExecuteUnit>().Single().Context.Message.UnitIndex, Is.EqualTo(16));
    }

    [Test]
    public async Task SendAsync_OneUnitPerMessage_SendsEveryUnitOnItsOwnWithItsLeaseAndCheckpoint()
    {
        await using var services = StartHarness(unitsPerMessage: 1, out var sender, out var harness);
        await harness.Start();
        var jobId = Guid.NewGuid();
        var lease = new DateTimeOffset(2026, 12, 4, 8, 0, 0, TimeSpan.Zero);

        await sender.SendAsync(
            Units(jobId, 3).Select(unit => unit with { LeaseExpiresAt = lease, Checkpoint = $"at {unit.UnitIndex}" }),
            CancellationToken.None);

        var sent = harness.Sent.Select<ExecuteUnit>().Select(message => message.Context.Message).ToList();
        Assert.That(sent.Select(unit => (unit.UnitIndex, unit.Checkpoint, unit.LeaseExpiresAt)), Is.EquivalentTo(new[]
        {
            (0L, (string?)"at 0", (DateTimeOffset?)lease),
            (1L, "at 1", lease),
            (2L, "at 2", lease),
        }));
        Assert.That(harness.Sent.Select<ExecuteUnits>().Any(), Is.False);
    }

    private static ServiceProvider StartHarness(int unitsPerMessage, out UnitSender sender, out ITestHarness harness)
    {
        var services = new ServiceCollection()
            .AddSingleton(Microsoft.Extensions.Options.Options.Create(
                new OrchestratorOptions { UnitsPerMessage = unitsPerMessage }))
            .AddSingleton<UnitSender>()
            .AddMassTransitTestHarness()
            .BuildServiceProvider(validateScopes: true);
        sender = services.GetRequiredService<UnitSender>();
        harness = services.GetRequiredService<ITestHarness>();
        return services;
    }

    private static IEnumerable<ExecuteUnit> Units(Guid jobId, int count) =>
        Enumerable.Range(0, count).Select(index => new ExecuteUnit(jobId, "synthetic", index, 1, $"{{\"i\":{index}}}"));
}
