using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;

namespace WorkUnits.PostgreSql.Sagas;

/// <summary>The repository as one consumed message sees it: loads, inserts and saves its instance.</summary>
/// <typeparam name="TSaga">The saga type.</typeparam>
/// <typeparam name="TMessage">The consumed message's type.</typeparam>
internal sealed class PostgresSagaRepositoryContext<TSaga, TMessage> :
    ConsumeContextScope<TMessage>,
    SagaRepositoryContext<TSaga, TMessage>
    where TSaga : class, ISagaVersion
    where TMessage : class
{
    private readonly ConsumeContext<TMessage> _consumeContext;
    private readonly ISagaConsumeContextFactory<PostgresSagaStore<TSaga>, TSaga> _factory;
    private readonly PostgresSagaStore<TSaga> _store;

    public PostgresSagaRepositoryContext(
        PostgresSagaStore<TSaga> store,
        ConsumeContext<TMessage> consumeContext,
        ISagaConsumeContextFactory<PostgresSagaStore<TSaga>, TSaga> factory)
        : base(consumeContext)
    {
        _store = store;
        _consumeContext = consumeContext;
        _factory = factory;
    }

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(
        ConsumeContext<T> consumeContext,
        TSaga instance,
        SagaConsumeContextMode mode)
        where T : class =>
        _factory.CreateSagaConsumeContext(_store, consumeContext, instance, mode);

    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance) =>
        _factory.CreateSagaConsumeContext(_store, _consumeContext, instance, SagaConsumeContextMode.Add);

    public async Task<SagaConsumeContext<TSaga, TMessage>> Insert(TSaga instance)
    {
        // Another message inserted the instance first; MassTransit then loads the stored one instead.
        if (!await _store.TryInsertAsync(instance, CancellationToken))
        {
            return null!;
        }

        return await _factory.CreateSagaConsumeContext(
            _store,
            _consumeContext,
            instance,
            SagaConsumeContextMode.Insert);
    }

    public async Task<SagaConsumeContext<TSaga, TMessage>> Load(Guid correlationId)
    {
        var instance = await _store.LoadAsync(correlationId, CancellationToken);
        if (instance is null)
        {
            return null!;
        }

        return await _factory.CreateSagaConsumeContext(_store, _consumeContext, instance, SagaConsumeContextMode.Load);
    }

    public Task Save(SagaConsumeContext<TSaga> context) => _store.InsertAsync(context.Saga, CancellationToken);

    public Task Update(SagaConsumeContext<TSaga> context) => _store.UpdateAsync(context.Saga, CancellationToken);

    public Task Delete(SagaConsumeContext<TSaga> context) => _store.DeleteAsync(context.Saga, CancellationToken);

    public Task Discard(SagaConsumeContext<TSaga> context) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<TSaga> context) => Task.CompletedTask;
}
