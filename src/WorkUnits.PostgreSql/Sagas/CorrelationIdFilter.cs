using System.Linq.Expressions;
using MassTransit;

namespace WorkUnits.PostgreSql.Sagas;

/// <summary>
/// Reads the correlation ids out of a saga query such as <c>x =&gt; x.CorrelationId == id</c>, or several of them
/// joined by <c>||</c>. Instances are stored as JSON and indexed by correlation id only, so other queries would mean
/// scanning every instance; WorkUnits' sagas correlate by id, and anything else is refused.
/// </summary>
internal static class CorrelationIdFilter
{
    public static Guid[] GetCorrelationIds<TSaga>(Expression<Func<TSaga, bool>> filter)
        where TSaga : class, ISaga
    {
        var ids = new List<Guid>();
        if (!TryCollect(filter.Body, filter.Parameters[0], ids))
        {
            throw new NotSupportedException(
                $"The PostgreSQL saga repository finds {typeof(TSaga).Name} instances by CorrelationId only; " +
                $"the query '{filter}' cannot be run. Correlate the event by CorrelationId.");
        }

        return [.. ids];
    }

    private static bool TryCollect(Expression expression, ParameterExpression saga, List<Guid> ids)
    {
        switch (expression)
        {
            case BinaryExpression { NodeType: ExpressionType.OrElse } or:
                return TryCollect(or.Left, saga, ids) && TryCollect(or.Right, saga, ids);

            case BinaryExpression { NodeType: ExpressionType.Equal } equal
                when IsCorrelationId(equal.Left, saga) && !References(equal.Right, saga):
                ids.Add(Evaluate(equal.Right));
                return true;

            case BinaryExpression { NodeType: ExpressionType.Equal } equal
                when IsCorrelationId(equal.Right, saga) && !References(equal.Left, saga):
                ids.Add(Evaluate(equal.Left));
                return true;

            default:
                return false;
        }
    }

    private static bool IsCorrelationId(Expression expression, ParameterExpression saga) =>
        expression is MemberExpression { Member.Name: nameof(ISaga.CorrelationId) } member
        && member.Expression == saga;

    private static bool References(Expression expression, ParameterExpression saga)
    {
        var finder = new ParameterFinder(saga);
        finder.Visit(expression);
        return finder.Found;
    }

    private static Guid Evaluate(Expression expression) =>
        Expression.Lambda<Func<Guid>>(Expression.Convert(expression, typeof(Guid)))
            .Compile(preferInterpretation: true)
            .Invoke();

    private sealed class ParameterFinder(ParameterExpression parameter) : ExpressionVisitor
    {
        public bool Found { get; private set; }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            Found |= node == parameter;
            return node;
        }
    }
}
