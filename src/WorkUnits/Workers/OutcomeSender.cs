using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkUnits.Contracts;
using WorkUnits.Hosting;

namespace WorkUnits.Workers;

/// <summary>
/// Sends the outcomes of a worker's units to the orchestrator in batches: outcomes that end while a batch is
/// being sent wait and go into the next <see cref="UnitsEnded"/> message, up to
/// <see cref="WorkerOptions.OutcomeBatchSize"/>, so under load one broker message carries many outcomes, and an
/// idle worker sends an outcome at once. A caller's task completes only once the broker has confirmed the
/// message carrying its outcome, and fails when that send failed, so a unit message is still acknowledged only
/// after its outcome has been sent.
/// </summary>
internal sealed class OutcomeSender
{
    private static readonly Uri OutcomesQueue = new($"queue:{WorkUnitsQueues.Outcomes}");

    private readonly ISendEndpointProvider _sendEndpoints;
    private readonly int _batchSize;
    private readonly ILogger<OutcomeSender> _logger;
    private readonly Lock _gate = new();
    private readonly Queue<PendingSend> _waiting = new();
    private bool _sending;

    public OutcomeSender(IBus bus, IOptions<WorkerOptions> options, ILogger<OutcomeSender> logger)
        : this(bus, options.Value.OutcomeBatchSize, logger)
    {
    }

    /// <param name="sendEndpoints">Where the batches are sent from; the bus, since a batch serves many units.</param>
    /// <param name="batchSize">The most outcomes in one message.</param>
    /// <param name="logger">Logs a batch that could not be sent.</param>
    internal OutcomeSender(ISendEndpointProvider sendEndpoints, int batchSize, ILogger<OutcomeSender> logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);

        _sendEndpoints = sendEndpoints;
        _batchSize = batchSize;
        _logger = logger;
    }

    /// <summary>Completes once the broker has confirmed the batch carrying this success.</summary>
    public Task SendAsync(UnitCompleted outcome, CancellationToken cancellationToken) =>
        EnqueueAsync(new PendingSend(outcome, null, cancellationToken));

    /// <summary>Completes once the broker has confirmed the batch carrying this failure.</summary>
    public Task SendAsync(UnitFailed outcome, CancellationToken cancellationToken) =>
        EnqueueAsync(new PendingSend(null, outcome, cancellationToken));

    private Task EnqueueAsync(PendingSend pending)
    {
        pending.CancellationToken.ThrowIfCancellationRequested();

        bool lead;
        lock (_gate)
        {
            _waiting.Enqueue(pending);
            lead = !_sending;
            _sending = true;
        }

        if (lead)
        {
            // A batch belongs to no single unit: its send must not join the trace or log scope of the unit that
            // happened to start the loop.
            using (ExecutionContext.SuppressFlow())
            {
                _ = Task.Run(SendWhileWaitingAsync);
            }
        }

        return pending.Sent.WaitAsync(pending.CancellationToken);
    }

    private async Task SendWhileWaitingAsync()
    {
        while (TakeBatch() is { } batch)
        {
            await SendBatchAsync(batch);
        }
    }

    /// <summary>The next outcomes to send, leaving out those whose unit stopped waiting; null when none wait.</summary>
    private List<PendingSend>? TakeBatch()
    {
        lock (_gate)
        {
            var batch = new List<PendingSend>(Math.Min(_waiting.Count, _batchSize));
            while (batch.Count < _batchSize && _waiting.TryDequeue(out var pending))
            {
                if (!pending.CancellationToken.IsCancellationRequested)
                {
                    batch.Add(pending);
                }
            }

            if (batch.Count == 0)
            {
                _sending = false;
                return null;
            }

            return batch;
        }
    }

    private async Task SendBatchAsync(List<PendingSend> batch)
    {
        var message = new UnitsEnded(
            [.. batch.Where(pending => pending.Completed is not null).Select(pending => pending.Completed!)],
            [.. batch.Where(pending => pending.Failed is not null).Select(pending => pending.Failed!)]);
        try
        {
            // Not cancelled by any one caller: the others still need the send, and each caller can stop waiting.
            var endpoint = await _sendEndpoints.GetSendEndpoint(OutcomesQueue);
            await endpoint.Send(message, CancellationToken.None);
        }
        catch (Exception exception)
        {
            Log.OutcomeBatchSendFailed(_logger, exception, batch.Count);
            batch.ForEach(pending => pending.MarkFailed(exception));
            return;
        }

        batch.ForEach(pending => pending.MarkSent());
    }

    /// <summary>One outcome waiting for its batch, and the unit's token that ends the wait.</summary>
    private sealed class PendingSend
    {
        private readonly TaskCompletionSource _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public PendingSend(UnitCompleted? completed, UnitFailed? failed, CancellationToken cancellationToken)
        {
            Completed = completed;
            Failed = failed;
            CancellationToken = cancellationToken;
        }

        public UnitCompleted? Completed { get; }

        public UnitFailed? Failed { get; }

        public CancellationToken CancellationToken { get; }

        public Task Sent => _sent.Task;

        public void MarkSent() => _sent.TrySetResult();

        public void MarkFailed(Exception exception) => _sent.TrySetException(exception);
    }
}
