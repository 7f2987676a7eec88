using Microsoft.Extensions.Options;
using WorkUnits.Hosting;

namespace WorkUnits.Orchestration;

/// <summary>
/// When a failed attempt's retry is due: the base delay doubled for each attempt already made, capped, then
/// shortened by a random jitter of up to half, so that units that failed together do not all return together.
/// </summary>
internal sealed class RetryBackoff
{
    private readonly OrchestratorOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Func<double> _random;

    public RetryBackoff(IOptions<OrchestratorOptions> options, TimeProvider timeProvider)
        : this(options.Value, timeProvider, Random.Shared.NextDouble)
    {
    }

    /// <param name="options">The base and the largest delay.</param>
    /// <param name="timeProvider">The clock the delay counts from.</param>
    /// <param name="random">A number in [0, 1) for the jitter; tests pass a fixed one.</param>
    internal RetryBackoff(OrchestratorOptions options, TimeProvider timeProvider, Func<double> random)
    {
        _options = options;
        _timeProvider = timeProvider;
        _random = random;
    }

    /// <summary>The delay after attempt <paramref name="failedAttempt"/> failed, before the next one.</summary>
    public TimeSpan DelayAfter(int failedAttempt)
    {
        var doublings = Math.Clamp(failedAttempt - 1, 0, 30);
        var ticks = Math.Min(_options.RetryBaseDelay.Ticks * (double)(1L << doublings), _options.RetryMaxDelay.Ticks);
        var jittered = ticks * (1 - (_random() / 2));

        return TimeSpan.FromTicks((long)jittered);
    }

    /// <summary>When the attempt after <paramref name="failedAttempt"/> is due, from now.</summary>
    public DateTimeOffset NextAttemptAt(int failedAttempt) => _timeProvider.GetUtcNow() + DelayAfter(failedAttempt);
}
