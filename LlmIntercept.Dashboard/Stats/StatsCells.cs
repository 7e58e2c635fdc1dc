using System.Linq.Expressions;
using LlmIntercept.Store;
using Microsoft.EntityFrameworkCore;

namespace LlmIntercept.Dashboard.Stats;

/// <summary>
/// Requests of one model, in one timeline slot and one latency bucket, with their sums. The per-model table,
/// the timeline and the latency histogram all add these up, so one grouped pass over the rows serves all three
/// (at most models × <see cref="Timeline.MaxBuckets"/> × buckets groups, however many rows).
/// </summary>
internal sealed record StatsCell(
    string? Model,
    DateTime Day,
    int Slot,
    int Latency,
    long Count,
    long Errors,
    long PromptTokens,
    long CompletionTokens,
    double TimeSum);

internal static class StatsCells
{
    public static Task<List<StatsCell>> CountAsync(
        IQueryable<LlmRequest> rows,
        int bucketMinutes,
        CancellationToken cancellationToken)
    {
        // For whole-day buckets the slot is always 0: days are grouped here and merged by the timeline. The model
        // comes last: grouped by it first, SQLite walks the (model, timestamp) index and reads every wide row.
        var key = LatencyHistogram.WithBucket((LlmRequest r, int latency) => new
        {
            Day = r.Timestamp.Date,
            Slot = (r.Timestamp.Hour * 60 + r.Timestamp.Minute) / bucketMinutes,
            Latency = latency,
            r.Model,
        });
        return rows
            .GroupBy(key)
            .Select(g => new StatsCell(
                g.Key.Model,
                g.Key.Day,
                g.Key.Slot,
                g.Key.Latency,
                g.LongCount(),
                g.LongCount(r => r.Status == RequestStatus.Error),
                g.Sum(r => (long?)r.PromptTokens) ?? 0,
                g.Sum(r => (long?)r.CompletionTokens) ?? 0,
                g.Sum(r => r.ResponseTimeMs)))
            .ToListAsync(cancellationToken);
    }
}
