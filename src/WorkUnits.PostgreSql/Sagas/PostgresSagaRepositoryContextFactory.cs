using MassTransit;
using MassTransit.Saga;

namespace WorkUnits.PostgreSql.Sagas;

/// <summary>
/// Hands MassTransit a repository context per consumed message. No connection or transaction spans the message:
/// each load and save is one statement, and the version column keeps concurrent messages from losing updates.
/// </summary>
/// <typeparam name="TSaga">The saga type.</typeparam>
internal sealed class PostgresSagaRepositoryContextFactory<TSaga> :
    ISagaRepositoryContextFactory<TSaga>,
    IQuerySagaRepositoryContextFactory<TSaga>,
    ILoadSagaRepositoryContextFactory<TSaga>
    where TSaga : class, ISagaVersion
{
    private readonly ISagaConsumeContextFactory<PostgresSagaStore<TSaga>, TSaga> _factory;
    private readonly PostgresSagaStore<TSaga> _store;

    public PostgresSagaRepositoryContextFactory(
        PostgresSagaStore<TSaga> store,
        ISagaConsumeContextFactory<PostgresSagaStore<TSaga>, TSaga> factory)
    {
        _store = store;
        _factory = factory;
    }

    public Task<T> Execute<T>(
        Func<LoadSagaRepositoryContext<TSaga>, Task<T>> asyncMethod,
        CancellationToken cancellationToken = default)
        where T : class =>
        asyncMethod(new PostgresSagaRepositoryContext<TSaga>(_store, cancellationToken));

    public Task<T> Execute<T>(
        Func<QuerySagaRepositoryContext<TSaga>, Task<T>> asyncMethod,
        CancellationToken cancellationToken = default)
        where T : class =>
        asyncMethod(new PostgresSagaRepositoryContext<TSaga>(_store, cancellationToken));

    public void Probe(ProbeContext context) => context.Add("persistence", "postgresql");

    public Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next)
        where T : class =>
        next.Send(new PostgresSagaRepositoryContext<TSaga, T>(_store, context, _factory));

    public async Task SendQuery<T>(
        ConsumeContext<T> context,
        ISagaQuery<TSaga> query,
        IPipe<SagaRepositoryQueryContext<TSaga, T>> next)
        where T : class
    {
        var instances = await _store.QueryAsync(query.FilterExpression, context.CancellationToken);
        var repositoryContext = new PostgresSagaRepositoryContext<TSaga, T>(_store, context, _factory);

        await next.Send(new LoadedSagaRepositoryQueryContext<TSaga, T>(repositoryContext, instances));
    }
}
