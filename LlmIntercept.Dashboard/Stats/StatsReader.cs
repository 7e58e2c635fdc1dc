using LlmIntercept.Dashboard.Hosting;
using LlmIntercept.Store;
using LlmIntercept.Store.Queries;
using LlmIntercept.Store.Rollup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LlmIntercept.Dashboard.Stats;

/// <summary>
/// Computes the overview without loading a stored body, whatever the store holds, in one of three ways. When the
/// filter names only columns the roll-ups group by, their counts say how many requests it selects: up to
/// <see cref="DashboardOptions.ExactStatsRows"/> are read from the stats index and added up here, with exact
/// percentiles; more are added up from the roll-ups (<see cref="RollupStats"/>): counts, sums, timeline and
/// histogram exact, percentiles interpolated in one narrow histogram bucket. Any other selection (text search,
/// tags, slots under an hour) is grouped from its rows by SQL as well (<see cref="ExactStats"/>), and on
/// PostgreSQL, which has no roll-ups, every one is (<see cref="StatsCells"/>: one grouped pass over the stats
/// index); each percentile then sorts a single histogram bucket.
/// </summary>
internal sealed class StatsReader(IDbContextFactory<InterceptDbContext> contexts, IOptions<DashboardOptions> options)
{
    public async Task<DashboardStats> ReadAsync(
        RequestFilter filter,
        int? bucketMinutes,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = db.Filter(filter).AsNoTracking();

        var bucket = bucketMinutes ?? await ChooseBucketAsync(rows, filter, cancellationToken);
        if (db.CanUseRollup(filter))
        {
            var count = await db.CountWithRollupAsync(filter, cancellationToken);
            if (count <= options.Value.ExactStatsRows)
            {
                return await ExactStats.ReadAsync(rows, bucket, cancellationToken);
            }

            if (bucket >= 60)
            {
                return await RollupStats.ReadAsync(db, filter, bucket, cancellationToken);
            }
        }

        // Grouping by the stored minute needs SQLite's text timestamps; PostgreSQL groups through EF Core's LINQ.
        return db is PostgresInterceptDbContext
            ? await FromRowsAsync(rows, bucket, cancellationToken)
            : await ExactStats.ReadAsync(rows, bucket, cancellationToken);
    }

    private static async Task<DashboardStats> FromRowsAsync(
        IQueryable<LlmRequest> rows,
        int bucket,
        CancellationToken cancellationToken)
    {
        var cells = await StatsCells.CountAsync(rows, bucket, cancellationToken);
        var histogram = LatencyHistogram.From(cells);
        var p50 = await LatencyHistogram.PercentileAsync(rows, histogram, 0.50, cancellationToken);
        var p95 = await LatencyHistogram.PercentileAsync(rows, histogram, 0.95, cancellationToken);
        return Compose(
            PerModel(cells),
            cells.Sum(c => c.TimeSum),
            p50,
            p95,
            Timeline.From(cells, bucket),
            histogram,
            bucket,
            percentilesApproximate: false);
    }

    /// <summary>The overview from per-model sums, shared by both ways of counting.</summary>
    internal static DashboardStats Compose(
        IReadOnlyList<ModelRow> perModel,
        double timeSum,
        double? p50,
        double? p95,
        IReadOnlyList<TimeBucket> timeline,
        IReadOnlyList<LatencyBucket> histogram,
        int bucket,
        bool percentilesApproximate)
    {
        var total = perModel.Sum(m => m.Count);
        return new DashboardStats(
            TotalRequests: total,
            UniqueModels: perModel.Count(m => m.Model is not null),
            ErrorRate: total == 0 ? 0 : (double)perModel.Sum(m => m.Errors) / total,
            AvgResponseTimeMs: total == 0 ? null : timeSum / total,
            P50ResponseTimeMs: p50,
            P95ResponseTimeMs: p95,
            PromptTokens: perModel.Sum(m => m.PromptTokens),
            CompletionTokens: perModel.Sum(m => m.CompletionTokens),
            PerModel: perModel
                .Where(m => m.Count > 0)
                .Select(m => new ModelStats(
                    m.Model ?? Timeline.UnknownModel,
                    m.Count,
                    m.Errors,
                    m.PromptTokens,
                    m.CompletionTokens,
                    m.TimeSum / m.Count))
                .OrderByDescending(m => m.Count)
                .ThenBy(m => m.Model, StringComparer.Ordinal)
                .ToList(),
            Timeline: timeline,
            LatencyHistogram: histogram,
            BucketMinutes: bucket)
        {
            PercentilesApproximate = percentilesApproximate,
        };
    }

    private static List<ModelRow> PerModel(IEnumerable<StatsCell> cells) =>
        cells
            .GroupBy(c => c.Model)
            .Select(g => new ModelRow(
                g.Key,
                g.Sum(c => c.Count),
                g.Sum(c => c.Errors),
                g.Sum(c => c.PromptTokens),
                g.Sum(c => c.CompletionTokens),
                g.Sum(c => c.TimeSum)))
            .ToList();

    private static async Task<int> ChooseBucketAsync(
        IQueryable<LlmRequest> rows,
        RequestFilter filter,
        CancellationToken cancellationToken)
    {
        // Two ordered reads rather than MIN and MAX in one query: SQLite answers each from the end of the
        // timestamp index, but scans every row for both together.
        var first = filter.From ?? await rows
            .OrderBy(r => r.Timestamp)
            .Select(r => (DateTime?)r.Timestamp)
            .FirstOrDefaultAsync(cancellationToken);
        var last = filter.To ?? await rows
            .OrderByDescending(r => r.Timestamp)
            .Select(r => (DateTime?)r.Timestamp)
            .FirstOrDefaultAsync(cancellationToken);
        return Timeline.ChooseBucket(first, last);
    }
}

/// <summary>One model's sums over the selection.</summary>
internal sealed record ModelRow(
    string? Model,
    long Count,
    long Errors,
    long PromptTokens,
    long CompletionTokens,
    double TimeSum);
