using MassTransit;

namespace WorkUnits.PostgreSql.Sagas;

/// <summary>The table that holds the instances of one saga type.</summary>
/// <typeparam name="TSaga">The saga type.</typeparam>
/// <param name="Name">The table's name; its columns are those <c>PostgresSchema.SagaTableDdl</c> creates.</param>
internal sealed record PostgresSagaTable<TSaga>(string Name)
    where TSaga : class, ISagaVersion;
