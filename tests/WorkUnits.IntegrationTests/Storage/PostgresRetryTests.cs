using Microsoft.Extensions.Logging;
using Npgsql;
using NUnit.Framework;
using WorkUnits.PostgreSql;

namespace WorkUnits.IntegrationTests.Storage;

public sealed class PostgresRetryTests
{
    [TestCase("57P01")]
    [TestCase("40001")]
    [TestCase("40P01")]
    public void IsTransient_RetryableSqlState_IsTrue(string sqlState)
    {
        var exception = new PostgresException("transient", "FATAL", "FATAL", sqlState);

        Assert.That(PostgresRetry.IsTransient(exception), Is.True);
    }

    [TestCase("23505")]
    [TestCase("42P01")]
    public void IsTransient_ProgrammingOrDataError_IsFalse(string sqlState)
    {
        var exception = new PostgresException("permanent", "ERROR", "ERROR", sqlState);

        Assert.That(PostgresRetry.IsTransient(exception), Is.False);
    }

    [Test]
    public async Task ExecuteAsync_TransientErrorThenSuccess_RetriesAndLogsAWarning()
    {
        var logger = new CountingLogger();
        var retry = new PostgresRetry(logger, TimeProvider.System, TimeSpan.Zero);
        var attempts = 0;

        var result = await retry.ExecuteAsync(
            "test",
            _ => ++attempts < 3
                ? throw new PostgresException("terminating connection", "FATAL", "FATAL", "57P01")
                : ValueTask.FromResult(attempts),
            CancellationToken.None);

        Assert.That(result, Is.EqualTo(3));
        Assert.That(logger.Warnings, Is.EqualTo(2));
    }

    [Test]
    public async Task ExecuteAsync_ConnectionRefused_GivesUpAfterFourRetries()
    {
        var logger = new CountingLogger();
        var retry = new PostgresRetry(logger, TimeProvider.System, TimeSpan.Zero);
        await using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=x;Password=y;Timeout=2");

        Assert.ThrowsAsync<NpgsqlException>(async () => await retry.ExecuteAsync(
            "connect",
            async token =>
            {
                await using var connection = await dataSource.OpenConnectionAsync(token);
                return true;
            },
            CancellationToken.None));

        Assert.That(logger.Warnings, Is.EqualTo(4));
    }

    [Test]
    public void ExecuteAsync_PermanentError_IsNotRetried()
    {
        var logger = new CountingLogger();
        var retry = new PostgresRetry(logger, TimeProvider.System, TimeSpan.Zero);

        Assert.ThrowsAsync<PostgresException>(async () => await retry.ExecuteAsync<bool>(
            "test",
            _ => throw new PostgresException("duplicate key", "ERROR", "ERROR", "23505"),
            CancellationToken.None));

        Assert.That(logger.Warnings, Is.Zero);
    }

    private sealed class CountingLogger : ILogger
    {
        public int Warnings { get; private set; }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(
            LogLevel logLevel,
            EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning && eventId.Id == 3000)
            {
                Warnings++;
            }
        }
    }
}
