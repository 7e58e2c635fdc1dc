using System.Data.Common;
using System.Globalization;
using System.Text;
using LlmIntercept.Store;
using Microsoft.EntityFrameworkCore;

namespace LlmIntercept.Dashboard.Stats;

/// <summary>
/// The overview of a selection small enough to count from its rows (SQLite): EF Core's own query for the
/// selection's stats columns, wrapped in two grouped statements: one per minute and model, one per histogram
/// bucket. Minutes are read off the stored timestamp text (<c>yyyy-MM-dd HH:mm</c>) rather than through SQLite's
/// date functions, and only groups cross into .NET; each percentile then sorts a single histogram bucket.
/// </summary>
internal static class ExactStats
{
    public static async Task<DashboardStats> ReadAsync(
        IQueryable<LlmRequest> rows,
        int bucketMinutes,
        CancellationToken cancellationToken)
    {
        var tally = new StatsTally(bucketMinutes);

        // Grouped by the minute as stored (yyyy-MM-dd HH:mm, completed to :00 seconds) and the model: a few
        // thousand groups for a day, each put into its timeline slot here. "+Model" keeps SQLite off the
        // (model, timestamp) index, which would read every model's rows to save a sort.
        await using (var cells = Wrap(
            rows,
            "SELECT substr(Timestamp, 1, 16) || ':00', +Model, count(*), sum(Status = 'error'), "
                + "sum(ifnull(PromptTokens, 0)), sum(ifnull(CompletionTokens, 0)), sum(ResponseTimeMs) "
                + "FROM ({0}) GROUP BY 1, 2"))
        {
            await using var reader = await OpenAsync(cells, cancellationToken);
            while (reader.Read())
            {
                var model = reader.IsDBNull(1) ? null : reader.GetString(1);
                var count = reader.GetInt64(2);
                tally.AddModel(model, count, reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetDouble(6));
                tally.AddSlot(Timeline.StartOf(StoredTimestamp.Read(reader, 0), bucketMinutes), model, count);
            }
        }

        var bounds = LatencyHistogram.UpperBounds;
        var bucket = new StringBuilder("CASE");
        for (var i = 0; i < bounds.Length; i++)
        {
            bucket.Append(" WHEN ResponseTimeMs <= ").Append(bounds[i].ToString("R", CultureInfo.InvariantCulture))
                .Append(" THEN ").Append(i);
        }

        bucket.Append(" ELSE ").Append(bounds.Length).Append(" END");
        var counts = new long[bounds.Length + 1];
        await using (var histogram = Wrap(rows, $"SELECT {bucket}, count(*) FROM ({{0}}) GROUP BY 1"))
        {
            await using var reader = await OpenAsync(histogram, cancellationToken);
            while (reader.Read())
            {
                counts[reader.GetInt32(0)] += reader.GetInt64(1);
            }
        }

        var coarse = counts.Select((count, i) => new LatencyBucket(i < bounds.Length ? bounds[i] : null, count)).ToList();
        var p50 = await LatencyHistogram.PercentileAsync(rows, coarse, 0.50, cancellationToken);
        var p95 = await LatencyHistogram.PercentileAsync(rows, coarse, 0.95, cancellationToken);
        return tally.ToStats(coarse, p50, p95);
    }

    /// <summary>
    /// EF Core's command for the selection's stats columns, its text put in place of <c>{0}</c> in
    /// <paramref name="outer"/>; the parameters stay EF Core's. The outer statement names the columns by the
    /// projection's property names, which EF Core gives them as aliases (SQLite compares names without case, so
    /// a column left unaliased matches too); the tests of every path pin this down.
    /// </summary>
    private static DbCommand Wrap(IQueryable<LlmRequest> rows, string outer)
    {
        var command = rows
            .Select(r => new { r.Timestamp, r.Model, r.Status, r.ResponseTimeMs, r.PromptTokens, r.CompletionTokens })
            .CreateDbCommand();
        command.CommandText = string.Format(CultureInfo.InvariantCulture, outer, command.CommandText);
        return command;
    }

    /// <summary>Runs a command made from an EF Core query on the context's connection, opened here if it is not.</summary>
    internal static async Task<DbDataReader> OpenAsync(DbCommand command, CancellationToken cancellationToken)
    {
        if (command.Connection!.State != System.Data.ConnectionState.Open)
        {
            await command.Connection.OpenAsync(cancellationToken);
        }

        return await command.ExecuteReaderAsync(cancellationToken);
    }
}
