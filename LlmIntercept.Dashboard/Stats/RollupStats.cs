using LlmIntercept.Store;
using LlmIntercept.Store.Queries;
using LlmIntercept.Store.Rollup;
using Microsoft.EntityFrameworkCore;

namespace LlmIntercept.Dashboard.Stats;

/// <summary>
/// The overview from the roll-ups: whole days from the daily one, whole hours around them from the hourly one, the
/// partial hours at either end from the requests themselves (read through the stats index). A timeline with slots
/// shorter than a day reads the hourly counts of the whole range. Slots of an hour or more hold whole hours, so
/// every count and sum is exact; the median and the 95th percentile are interpolated inside the histogram bucket
/// that holds their rank.
/// </summary>
internal static class RollupStats
{
    public static async Task<DashboardStats> ReadAsync(
        InterceptDbContext db,
        RequestFilter filter,
        int bucketMinutes,
        CancellationToken cancellationToken)
    {
        var tally = new StatsTally(bucketMinutes);
        var split = RollupQueries.Split(filter);
        tally.AddHistogram(await db.LatencyHistogramAsync(filter, split, cancellationToken));
        var daySlots = bucketMinutes >= Timeline.MinutesPerDay;
        foreach (var cell in await db.CellsAsync(filter, split, byDay: true, countsOnly: false, cancellationToken))
        {
            tally.AddModel(cell.Model, cell.Requests, cell.Errors, cell.PromptTokens, cell.CompletionTokens, cell.ResponseTimeSum);
            if (daySlots)
            {
                tally.AddSlot(Timeline.StartOf(cell.Start, bucketMinutes), cell.Model, cell.Requests);
            }
        }

        if (!daySlots)
        {
            // Slots shorter than a day need the hours themselves; only their counts are read.
            var hours = RollupQueries.Split(filter, hoursOnly: true);
            foreach (var cell in await db.CellsAsync(filter, hours, byDay: false, countsOnly: true, cancellationToken))
            {
                tally.AddSlot(Timeline.StartOf(cell.Start, bucketMinutes), cell.Model, cell.Requests);
            }
        }

        foreach (var edge in split.Edges)
        {
            await AddRequestsAsync(tally, db.Filter(edge), cancellationToken);
        }

        return tally.ToStats();
    }

    /// <summary>
    /// Reads the requests' stats columns (all in the stats index) and adds them one by one: EF Core's own query,
    /// run as a plain command, so no object is materialized a row.
    /// </summary>
    public static async Task AddRequestsAsync(StatsTally tally, IQueryable<LlmRequest> rows, CancellationToken cancellationToken)
    {
        await using var command = rows.AsNoTracking()
            .Select(r => new { r.Timestamp, r.Model, r.Status, r.ResponseTimeMs, r.PromptTokens, r.CompletionTokens })
            .CreateDbCommand();

        // SQLite answers reads synchronously anyway; Read() spares a task per row.
        await using var reader = await ExactStats.OpenAsync(command, cancellationToken);
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            tally.AddRequest(
                StoredTimestamp.Read(reader, 0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetString(2),
                reader.GetDouble(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetInt32(5));
        }
    }
}
