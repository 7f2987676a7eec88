using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace WorkUnits.PostgreSql.Sagas;

/// <summary>Chooses the PostgreSQL repository for a saga registered with MassTransit.</summary>
internal static class PostgresSagaRepositoryRegistrationExtensions
{
    /// <summary>
    /// Keeps the saga's instances in <paramref name="table"/>. The keyed data source and the retry pipeline come
    /// from <c>UsePostgreSql</c>; the table must exist.
    /// </summary>
    public static ISagaRegistrationConfigurator<TSaga> PostgresRepository<TSaga>(
        this ISagaRegistrationConfigurator<TSaga> saga,
        string table)
        where TSaga : class, ISagaVersion =>
        saga.Repository(repository =>
        {
            repository.TryAddSingleton(new PostgresSagaTable<TSaga>(table));
            repository.TryAddSingleton<PostgresSagaStore<TSaga>>();
            repository.RegisterLoadSagaRepository<TSaga, PostgresSagaRepositoryContextFactory<TSaga>>();
            repository.RegisterQuerySagaRepository<TSaga, PostgresSagaRepositoryContextFactory<TSaga>>();
            repository.RegisterSagaRepository<
                TSaga,
                PostgresSagaStore<TSaga>,
                SagaConsumeContextFactory<PostgresSagaStore<TSaga>, TSaga>,
                PostgresSagaRepositoryContextFactory<TSaga>>();
        });
}
