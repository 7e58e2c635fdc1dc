using LlmIntercept.Store;
using LlmIntercept.Store.Queries;
using Microsoft.EntityFrameworkCore;

namespace LlmIntercept.Dashboard.Stats;

/// <summary>
/// Computes the overview with SQL aggregates: no row is loaded, whatever the store holds. One grouped pass
/// (<see cref="StatsCells"/>) gives the per-model table, the timeline and the latency histogram; each percentile
/// then sorts a single bucket. The columns read are all in the store's stats index, so on SQLite each pass reads
/// that narrow index, never the wide rows.
/// </summary>
internal sealed class StatsReader(IDbContextFactory<InterceptDbContext> contexts)
{
    public async Task<DashboardStats> ReadAsync(
        RequestFilter filter,
        int? bucketMinutes,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = db.Filter(filter).AsNoTracking();

        var bucket = bucketMinutes ?? await ChooseBucketAsync(rows, filter, cancellationToken);
        var cells = await StatsCells.CountAsync(rows, bucket, cancellationToken);
        var histogram = LatencyHistogram.From(cells);
        var p50 = await LatencyHistogram.PercentileAsync(rows, histogram, 0.50, cancellationToken);
        var p95 = await LatencyHistogram.PercentileAsync(rows, histogram, 0.95, cancellationToken);
        var perModel = PerModel(cells);

        var total = perModel.Sum(m => m.Count);
        var timeSum = cells.Sum(c => c.TimeSum);
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
                .Select(m => new ModelStats(
                    m.Model ?? Timeline.UnknownModel,
                    m.Count,
                    m.Errors,
                    m.PromptTokens,
                    m.CompletionTokens,
                    m.Count == 0 ? null : m.TimeSum / m.Count))
                .OrderByDescending(m => m.Count)
                .ThenBy(m => m.Model, StringComparer.Ordinal)
                .ToList(),
            Timeline: Timeline.From(cells, bucket),
            LatencyHistogram: histogram,
            BucketMinutes: bucket);
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

    private sealed record ModelRow(
        string? Model,
        long Count,
        long Errors,
        long PromptTokens,
        long CompletionTokens,
        double TimeSum);
}
