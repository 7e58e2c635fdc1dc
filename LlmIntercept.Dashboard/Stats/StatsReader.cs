using LlmIntercept.Store;
using LlmIntercept.Store.Queries;
using Microsoft.EntityFrameworkCore;

namespace LlmIntercept.Dashboard.Stats;

/// <summary>
/// Computes the overview with SQL aggregates: no row is loaded, whatever the store holds. One pass groups by
/// model, one counts the latency histogram, one groups the timeline, and each percentile sorts a single bucket.
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

        var perModel = await PerModelAsync(rows, cancellationToken);
        var histogram = await LatencyHistogram.CountAsync(rows, cancellationToken);
        var p50 = await LatencyHistogram.PercentileAsync(rows, histogram, 0.50, cancellationToken);
        var p95 = await LatencyHistogram.PercentileAsync(rows, histogram, 0.95, cancellationToken);
        var bucket = bucketMinutes ?? await ChooseBucketAsync(rows, filter, cancellationToken);
        var timeline = await Timeline.CountAsync(rows, bucket, cancellationToken);

        var total = perModel.Sum(m => m.Count);
        var timeSum = perModel.Sum(m => m.TimeSum);
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
            Timeline: timeline,
            LatencyHistogram: histogram,
            BucketMinutes: bucket);
    }

    private static Task<List<ModelRow>> PerModelAsync(IQueryable<LlmRequest> rows, CancellationToken cancellationToken) =>
        rows
            .GroupBy(r => r.Model)
            .Select(g => new ModelRow(
                g.Key,
                g.LongCount(),
                g.LongCount(r => r.Status == RequestStatus.Error),
                g.Sum(r => (long?)r.PromptTokens) ?? 0,
                g.Sum(r => (long?)r.CompletionTokens) ?? 0,
                g.Sum(r => r.ResponseTimeMs)))
            .ToListAsync(cancellationToken);

    private static async Task<int> ChooseBucketAsync(
        IQueryable<LlmRequest> rows,
        RequestFilter filter,
        CancellationToken cancellationToken)
    {
        var first = filter.From;
        var last = filter.To;
        if (first is null || last is null)
        {
            var range = await rows
                .GroupBy(_ => 1)
                .Select(g => new { First = g.Min(r => r.Timestamp), Last = g.Max(r => r.Timestamp) })
                .FirstOrDefaultAsync(cancellationToken);
            first ??= range?.First;
            last ??= range?.Last;
        }

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
