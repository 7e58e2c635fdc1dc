using System.Linq.Expressions;
using LlmIntercept.Store;
using Microsoft.EntityFrameworkCore;

namespace LlmIntercept.Dashboard.Stats;

/// <summary>
/// Response times counted into fixed buckets by SQL, and percentiles found from them: the histogram says which
/// bucket holds the wanted rank, so only that bucket's rows are sorted.
/// </summary>
internal static class LatencyHistogram
{
    /// <summary>Upper bounds in milliseconds (inclusive); one more bucket takes everything above the last.</summary>
    public static readonly double[] UpperBounds = [100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000];

    /// <summary><c>CASE WHEN response_time_ms &lt;= 100 THEN 0 WHEN ... ELSE 9 END</c> as a LINQ expression.</summary>
    private static readonly Expression<Func<LlmRequest, int>> BucketOf = BuildBucketOf();

    /// <summary>The histogram of the rows the cells were counted from.</summary>
    public static IReadOnlyList<LatencyBucket> From(IEnumerable<StatsCell> cells)
    {
        var counts = cells.GroupBy(c => c.Latency).ToDictionary(g => g.Key, g => g.Sum(c => c.Count));
        return Enumerable.Range(0, UpperBounds.Length + 1)
            .Select(i => new LatencyBucket(i < UpperBounds.Length ? UpperBounds[i] : null, counts.GetValueOrDefault(i)))
            .ToList();
    }

    /// <summary>
    /// <paramref name="key"/> with its second parameter replaced by the bucket of the row's response time, so a
    /// grouping key can hold the bucket beside other columns and SQL computes it.
    /// </summary>
    public static Expression<Func<LlmRequest, TKey>> WithBucket<TKey>(Expression<Func<LlmRequest, int, TKey>> key)
    {
        var request = key.Parameters[0];
        var bucket = new ParameterReplacer(BucketOf.Parameters[0], request).Visit(BucketOf.Body);
        var body = new ParameterReplacer(key.Parameters[1], bucket).Visit(key.Body);
        return Expression.Lambda<Func<LlmRequest, TKey>>(body, request);
    }

    /// <summary>
    /// The nearest-rank percentile: the value at rank ceil(<paramref name="fraction"/> × n) of the sorted
    /// response times, or null when there are none.
    /// </summary>
    public static async Task<double?> PercentileAsync(
        IQueryable<LlmRequest> rows,
        IReadOnlyList<LatencyBucket> histogram,
        double fraction,
        CancellationToken cancellationToken)
    {
        var total = histogram.Sum(b => b.Count);
        if (total == 0)
        {
            return null;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(fraction * total));
        var below = 0L;
        var bucket = 0;
        while (below + histogram[bucket].Count < rank)
        {
            below += histogram[bucket].Count;
            bucket++;
        }

        var inBucket = rows;
        if (bucket > 0)
        {
            var lower = UpperBounds[bucket - 1];
            inBucket = inBucket.Where(r => r.ResponseTimeMs > lower);
        }

        if (histogram[bucket].UpperMs is { } upper)
        {
            inBucket = inBucket.Where(r => r.ResponseTimeMs <= upper);
        }

        return await inBucket
            .OrderBy(r => r.ResponseTimeMs)
            .Skip((int)(rank - below - 1))
            .Select(r => (double?)r.ResponseTimeMs)
            .FirstOrDefaultAsync(cancellationToken);
    }

    private static Expression<Func<LlmRequest, int>> BuildBucketOf()
    {
        var request = Expression.Parameter(typeof(LlmRequest), "r");
        var time = Expression.Property(request, nameof(LlmRequest.ResponseTimeMs));
        Expression bucket = Expression.Constant(UpperBounds.Length);
        for (var i = UpperBounds.Length - 1; i >= 0; i--)
        {
            bucket = Expression.Condition(
                Expression.LessThanOrEqual(time, Expression.Constant(UpperBounds[i])),
                Expression.Constant(i),
                bucket);
        }

        return Expression.Lambda<Func<LlmRequest, int>>(bucket, request);
    }

    private sealed class ParameterReplacer(ParameterExpression parameter, Expression replacement) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) =>
            node == parameter ? replacement : base.VisitParameter(node);
    }
}
