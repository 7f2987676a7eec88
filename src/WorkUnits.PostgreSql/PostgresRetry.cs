using Microsoft.Extensions.Logging;
using Npgsql;
using Polly;
using Polly.Retry;

namespace WorkUnits.PostgreSql;

/// <summary>
/// Retries database calls that failed for a transient reason: a refused or dropped connection, an administrator
/// shutdown, a serialization failure or a deadlock. Every write of the store is idempotent, so repeating one is
/// safe. Optimistic-concurrency conflicts of the saga repository are not retried here; MassTransit's message retry
/// re-runs the whole message against the fresh row.
/// </summary>
internal sealed class PostgresRetry
{
    private readonly ResiliencePipeline _pipeline;

    public PostgresRetry(ILogger<PostgresRetry> logger, TimeProvider timeProvider)
        : this(logger, timeProvider, TimeSpan.FromMilliseconds(100))
    {
    }

    internal PostgresRetry(ILogger logger, TimeProvider timeProvider, TimeSpan firstDelay)
    {
        var retry = new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<NpgsqlException>(IsTransient),
            MaxRetryAttempts = 4,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = firstDelay,
            MaxDelay = TimeSpan.FromSeconds(2),
            OnRetry = arguments =>
            {
                Log.TransientDatabaseError(
                    logger,
                    arguments.Outcome.Exception,
                    arguments.Context.OperationKey,
                    arguments.AttemptNumber + 1,
                    arguments.RetryDelay);

                return default;
            },
        };

        _pipeline = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(retry)
            .Build();
    }

    /// <summary>Runs <paramref name="action"/>, repeating it after a transient database error.</summary>
    public async ValueTask<T> ExecuteAsync<T>(
        string operation,
        Func<CancellationToken, ValueTask<T>> action,
        CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(operation, cancellationToken);
        try
        {
            return await _pipeline.ExecuteAsync(
                static (context, action) => action(context.CancellationToken),
                context,
                action);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Whether an error is worth another attempt.</summary>
    internal static bool IsTransient(NpgsqlException exception) => exception switch
    {
        PostgresException { SqlState: "57P01" or "40001" or "40P01" } => true,
        _ => exception.IsTransient,
    };
}
