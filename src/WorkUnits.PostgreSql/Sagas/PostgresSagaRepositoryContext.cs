using MassTransit;
using MassTransit.Middleware;
using MassTransit.Saga;

namespace WorkUnits.PostgreSql.Sagas;

/// <summary>The repository outside a consumed message, for <c>ILoadSagaRepository</c> and friends.</summary>
/// <typeparam name="TSaga">The saga type.</typeparam>
internal sealed class PostgresSagaRepositoryContext<TSaga> :
    BasePipeContext,
    QuerySagaRepositoryContext<TSaga>,
    LoadSagaRepositoryContext<TSaga>
    where TSaga : class, ISagaVersion
{
    private readonly PostgresSagaStore<TSaga> _store;

    public PostgresSagaRepositoryContext(PostgresSagaStore<TSaga> store, CancellationToken cancellationToken)
        : base(cancellationToken)
    {
        _store = store;
    }

    public async Task<TSaga> Load(Guid correlationId) =>
        (await _store.LoadAsync(correlationId, CancellationToken))!;

    public async Task<SagaRepositoryQueryContext<TSaga>> Query(
        ISagaQuery<TSaga> query,
        CancellationToken cancellationToken = default)
    {
        var instances = await _store.QueryAsync(query.FilterExpression, cancellationToken);
        return new LoadedSagaRepositoryQueryContext<TSaga>(this, instances);
    }
}
