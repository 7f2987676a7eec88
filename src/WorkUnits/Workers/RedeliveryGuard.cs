using System.Globalization;
using System.Text;
using MassTransit;
using WorkUnits.Contracts;

namespace WorkUnits.Workers;

/// <summary>
/// Counts how often a unit message came back from a worker that stopped while holding it, so that a unit which
/// crashes its process cannot take down worker after worker for ever. A classic RabbitMQ queue keeps no delivery
/// count, only a "redelivered" flag, so the count travels in a header: a redelivered message is sent again with
/// the count raised and the original is acknowledged; once the count passes the limit, the attempt is given up.
/// </summary>
internal sealed class RedeliveryGuard
{
    /// <summary>The header that carries how many times the message has come back.</summary>
    public const string HeaderName = "WorkUnits-Redeliveries";

    /// <summary>The error type reported for an attempt given up because its message kept coming back.</summary>
    public const string GaveUpErrorType = "WorkUnits.WorkerLost";

    private readonly int _maxRedeliveries;

    public RedeliveryGuard(int maxRedeliveries) => _maxRedeliveries = maxRedeliveries;

    /// <summary>
    /// Lets a message that was not redelivered through, with the count its header carries; sends a redelivered
    /// message again with its count raised and tells the caller to drop this copy; or, past the limit, tells the
    /// caller to report the attempt as failed.
    /// </summary>
    public async Task<RedeliveryVerdict> CheckAsync<T>(ConsumeContext<T> context)
        where T : class
    {
        if (!context.ReceiveContext.Redelivered)
        {
            return RedeliveryVerdict.Run(ReadCount(context.Headers));
        }

        var redeliveries = ReadCount(context.Headers) + 1;
        if (redeliveries > _maxRedeliveries)
        {
            return RedeliveryVerdict.GiveUp(
                redeliveries,
                $"The unit's message came back {redeliveries} times without an outcome: the worker holding it stopped "
                + "each time (a crash, a kill or a lost connection). This attempt is not run again; "
                + $"WorkUnits:Worker:MaxRedeliveries is {_maxRedeliveries}.");
        }

        var queue = await context.GetSendEndpoint(context.ReceiveContext.InputAddress);
        await queue.Send(
            context.Message,
            send => send.Headers.Set(HeaderName, redeliveries),
            context.CancellationToken);
        return RedeliveryVerdict.SentAgain(redeliveries);
    }

    /// <summary>
    /// Sends every unit of a batch that came back again as a message of its own, counted as returned once, for the
    /// caller to acknowledge the batch. A batch is never sent again as a whole, so its own count is always zero.
    /// </summary>
    public static async Task SendEachAgainAsync(ConsumeContext<ExecuteUnits> context)
    {
        var queue = await context.GetSendEndpoint(context.ReceiveContext.InputAddress);
        await Task.WhenAll(context.Message.Units.Select(unit => queue.Send(
            unit,
            send => send.Headers.Set(HeaderName, 1),
            context.CancellationToken)));
    }

    /// <summary>The count a copy carries; a transport may hand the number back as any integer type or text.</summary>
    private static int ReadCount(Headers headers)
    {
        headers.TryGetHeader(HeaderName, out var value);
        var text = value switch
        {
            int count => count.ToString(CultureInfo.InvariantCulture),
            long count => count.ToString(CultureInfo.InvariantCulture),
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            _ => value?.ToString(),
        };
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
    }
}

/// <summary>What <see cref="RedeliveryGuard"/> decided about one delivery.</summary>
/// <param name="Action">Run it, drop it because a counted copy was sent, or give the attempt up.</param>
/// <param name="Redeliveries">
/// How many times the message has come back, this time included; zero for a first delivery.
/// </param>
/// <param name="Reason">Why the attempt was given up; null otherwise.</param>
internal sealed record RedeliveryVerdict(RedeliveryAction Action, int Redeliveries, string? Reason)
{
    /// <summary>
    /// True when the unit's message has come back after a worker stopped while holding it, so the checkpoint it
    /// carries may be older than the one its attempt saved since.
    /// </summary>
    public bool CameBack => Redeliveries > 0;

    public static RedeliveryVerdict Run(int redeliveries) => new(RedeliveryAction.Run, redeliveries, null);

    public static RedeliveryVerdict SentAgain(int redeliveries) => new(RedeliveryAction.SentAgain, redeliveries, null);

    public static RedeliveryVerdict GiveUp(int redeliveries, string reason) =>
        new(RedeliveryAction.GiveUp, redeliveries, reason);
}

/// <summary>The actions <see cref="RedeliveryGuard"/> can decide on.</summary>
internal enum RedeliveryAction
{
    /// <summary>Run the message's units.</summary>
    Run,

    /// <summary>A copy with a raised count was sent to the queue; acknowledge this one without running it.</summary>
    SentAgain,

    /// <summary>The message came back too often; report its attempts as failed without running them.</summary>
    GiveUp,
}
