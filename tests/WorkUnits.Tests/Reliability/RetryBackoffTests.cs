using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using WorkUnits.Hosting;
using WorkUnits.Orchestration;

namespace WorkUnits.Tests.Reliability;

public sealed class RetryBackoffTests
{
    private static readonly OrchestratorOptions Options = new()
    {
        RetryBaseDelay = TimeSpan.FromSeconds(2),
        RetryMaxDelay = TimeSpan.FromSeconds(30),
    };

    [TestCase(1, 2)]
    [TestCase(2, 4)]
    [TestCase(3, 8)]
    [TestCase(4, 16)]
    [TestCase(5, 30)]
    [TestCase(60, 30)]
    public void DelayAfter_NoJitter_DoublesUpToTheMaximum(int failedAttempt, int expectedSeconds)
    {
        var backoff = new RetryBackoff(Options, new FakeTimeProvider(), () => 0);

        var delay = backoff.DelayAfter(failedAttempt);

        Assert.That(delay, Is.EqualTo(TimeSpan.FromSeconds(expectedSeconds)));
    }

    [Test]
    public void DelayAfter_LargestJitter_ShortensTheDelayByAlmostHalf()
    {
        var backoff = new RetryBackoff(Options, new FakeTimeProvider(), () => 0.999);

        var delay = backoff.DelayAfter(3);

        Assert.That(delay, Is.GreaterThan(TimeSpan.FromSeconds(4)).And.LessThan(TimeSpan.FromSeconds(4.01)));
    }

    [Test]
    public void NextAttemptAt_CountsFromTheClock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var backoff = new RetryBackoff(Options, time, () => 0);

        var due = backoff.NextAttemptAt(1);

        Assert.That(due, Is.EqualTo(time.GetUtcNow().AddSeconds(2)));
    }
}
