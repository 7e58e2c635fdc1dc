using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using LlmIntercept.Store.Queries;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace LlmIntercept.Store.Rollup;

/// <summary>Roll-up groups summed over a slot (an hour, or a UTC day) and a model.</summary>
/// <param name="Start">The slot's start (UTC).</param>
public sealed record RollupCell(
    DateTime Start,
    string? Model,
    long Requests,
    long Errors,
    long PromptTokens,
    long CompletionTokens,
    double ResponseTimeSum);

/// <summary>The rows of one roll-up table whose period starts in [<paramref name="From"/>, <paramref name="To"/>); null is unbounded.</summary>
public sealed record RollupSegment(RollupTable Table, DateTime? From, DateTime? To);

/// <summary>
/// A filter's time range cut into whole days (read from <see cref="StatsRollup.Daily"/>), whole hours around them
/// (<see cref="StatsRollup.Hourly"/>) and the parts of an hour at either end, at most two, which only the rows
/// themselves can answer.
/// </summary>
public sealed record RollupSplit(IReadOnlyList<RollupSegment> Segments, IReadOnlyList<RequestFilter> Edges);

/// <summary>Reads the roll-ups of <see cref="StatsRollup"/> for a <see cref="RequestFilter"/>.</summary>
public static class RollupQueries
{
    /// <summary>
    /// Whether the roll-ups can answer <paramref name="filter"/>: SQLite (PostgreSQL has none yet), and only the
    /// columns they group by are filtered on (no text search, no tags).
    /// </summary>
    public static bool CanUseRollup(this InterceptDbContext db, RequestFilter filter)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        return db is not PostgresInterceptDbContext
            && string.IsNullOrWhiteSpace(filter.Search)
            && filter.Tags is not { Count: > 0 }
            && !(filter.Models?.Contains("") ?? false);
    }

    /// <summary>
    /// Cuts <paramref name="filter"/>'s range; with <paramref name="hoursOnly"/> the whole hours are not merged into
    /// days (for a timeline with slots shorter than a day). The partial hours are the same either way.
    /// </summary>
    public static RollupSplit Split(RequestFilter filter, bool hoursOnly = false)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var hourly = StatsRollup.Hourly;
        var fromHour = filter.From is { } from ? Ceiling(from, hourly.Period) : (DateTime?)null;
        var toHour = filter.To is { } to ? Floor(to, hourly.Period) : (DateTime?)null;
        if (fromHour >= toHour)
        {
            return new RollupSplit([], [filter]);
        }

        var edges = new List<RequestFilter>(2);
        if (filter.From < fromHour)
        {
            edges.Add(filter with { To = fromHour });
        }

        if (toHour < filter.To)
        {
            edges.Add(filter with { From = toHour });
        }

        var daily = StatsRollup.Daily;
        var fromDay = fromHour is { } a ? Ceiling(a, daily.Period) : (DateTime?)null;
        var toDay = toHour is { } b ? Floor(b, daily.Period) : (DateTime?)null;
        if (hoursOnly || fromDay >= toDay)
        {
            return new RollupSplit([new RollupSegment(hourly, fromHour, toHour)], edges);
        }

        var segments = new List<RollupSegment>(3);
        if (fromHour < fromDay)
        {
            segments.Add(new RollupSegment(hourly, fromHour, fromDay));
        }

        segments.Add(new RollupSegment(daily, fromDay, toDay));
        if (toDay < toHour)
        {
            segments.Add(new RollupSegment(hourly, toDay, toHour));
        }

        return new RollupSplit(segments, edges);
    }

    /// <summary>How many requests <paramref name="filter"/> selects, from the roll-ups and the partial hours' rows.</summary>
    public static async Task<long> CountWithRollupAsync(
        this InterceptDbContext db,
        RequestFilter filter,
        CancellationToken cancellationToken)
    {
        var split = Split(filter);
        long total = 0;
        foreach (var segment in split.Segments)
        {
            await using var command = await CommandAsync(db, "SELECT ifnull(sum(requests), 0) FROM ", segment, filter, "", cancellationToken);
            total += Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        foreach (var edge in split.Edges)
        {
            total += await db.Filter(edge).LongCountAsync(cancellationToken);
        }

        return total;
    }

    /// <summary>
    /// The segments' groups summed per slot and model: per UTC day when <paramref name="byDay"/>, else per hour (the
    /// split must then hold hours only). With <paramref name="countsOnly"/> only the request counts are read.
    /// </summary>
    public static async Task<List<RollupCell>> CellsAsync(
        this InterceptDbContext db,
        RequestFilter filter,
        RollupSplit split,
        bool byDay,
        bool countsOnly,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(split);
        var cells = new List<RollupCell>();
        var slot = byDay ? "substr(start, 1, 10) || ' 00:00:00'" : "start";
        var sums = countsOnly
            ? "sum(requests), 0, 0, 0, 0.0"
            : "sum(requests), sum(CASE WHEN status = 'error' THEN requests ELSE 0 END), sum(prompt_tokens), "
                + "sum(completion_tokens), sum(response_time_sum)";
        foreach (var segment in split.Segments)
        {
            if (!byDay && segment.Table != StatsRollup.Hourly)
            {
                throw new ArgumentException("Hourly slots need a split into hours only.", nameof(split));
            }

            await using var command = await CommandAsync(
                db, $"SELECT {slot}, model, {sums} FROM ", segment, filter, " GROUP BY 1, 2", cancellationToken);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                cells.Add(new RollupCell(
                    ParseStart(reader.GetString(0)),
                    reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.GetInt64(2),
                    reader.GetInt64(3),
                    reader.GetInt64(4),
                    reader.GetInt64(5),
                    reader.GetDouble(6)));
            }
        }

        return cells;
    }

    /// <summary>The segments' response-time histogram: one count per bucket of <see cref="StatsRollup.LatencyBounds"/>.</summary>
    public static async Task<long[]> LatencyHistogramAsync(
        this InterceptDbContext db,
        RequestFilter filter,
        RollupSplit split,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(split);
        var counts = new long[StatsRollup.LatencyBounds.Count + 1];
        var sums = string.Join(", ", Enumerable.Range(0, counts.Length).Select(i => $"ifnull(sum({StatsRollup.LatencyColumn(i)}), 0)"));
        foreach (var segment in split.Segments)
        {
            await using var command = await CommandAsync(db, $"SELECT {sums} FROM ", segment, filter, "", cancellationToken);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                for (var i = 0; i < counts.Length; i++)
                {
                    counts[i] += reader.GetInt64(i);
                }
            }
        }

        return counts;
    }

    /// <summary>Every model that has a stored request, in ordinal order, read from the roll-up.</summary>
    public static async Task<List<string>> RollupModelsAsync(this InterceptDbContext db, CancellationToken cancellationToken)
    {
        var models = new List<string>();
        await using var command = await CommandAsync(
            db, "SELECT DISTINCT model FROM ", new RollupSegment(StatsRollup.Daily, null, null), null, " WHERE model IS NOT NULL ORDER BY model", cancellationToken);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            models.Add(reader.GetString(0));
        }

        return models;
    }

    /// <summary>
    /// <paramref name="select"/> over the segment's table, with the segment's range and the filter's conditions on
    /// the roll-up's columns, every value a parameter.
    /// The command runs on the context's connection, opened here if it is not; the context closes it when disposed.
    /// </summary>
    private static async Task<DbCommand> CommandAsync(
        InterceptDbContext db,
        string select,
        RollupSegment segment,
        RequestFilter? filter,
        string tail,
        CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var conditions = new List<string>();
        string Parameter(object value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "$p" + command.Parameters.Count.ToString(CultureInfo.InvariantCulture);
            parameter.Value = value;
            command.Parameters.Add(parameter);
            return parameter.ParameterName;
        }

        void Condition(string column, string op, object value) => conditions.Add($"{column} {op} {Parameter(value)}");

        void AnyOf(string column, IReadOnlyList<string> values) =>
            conditions.Add($"{column} IN ({string.Join(", ", values.Select(v => Parameter(v)))})");

        if (segment.From is { } from)
        {
            Condition("start", ">=", StartText(from));
        }

        if (segment.To is { } to)
        {
            Condition("start", "<", StartText(to));
        }

        if (filter is not null)
        {
            if (filter.Models is { Count: > 0 } models)
            {
                AnyOf("model", models);
            }

            if (!string.IsNullOrEmpty(filter.Status))
            {
                Condition("status", "=", filter.Status);
            }

            if (filter.Outcomes is { Count: > 0 } outcomes)
            {
                AnyOf("outcome", outcomes);
            }

            if (filter.Stream is { } stream)
            {
                Condition("stream", "=", stream ? 1 : 0);
            }

            if (filter.HasToolCalls is { } hasToolCalls)
            {
                Condition("has_tool_calls", "=", hasToolCalls ? 1 : 0);
            }

            if (filter.Starred is { } starred)
            {
                Condition("starred", "=", starred ? 1 : 0);
            }

            if (filter.Excluded is { } excluded)
            {
                Condition("is_excluded", "=", excluded ? 1 : 0);
            }
        }

        var sql = new StringBuilder(select).Append(segment.Table.Name);
        if (conditions.Count > 0)
        {
            sql.Append(" WHERE ").Append(string.Join(" AND ", conditions));
        }

        command.CommandText = sql.Append(tail).ToString();
        return command;
    }

    /// <summary>A period's start as the roll-ups' <c>start</c> column holds it.</summary>
    private static string StartText(DateTime start) => start.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static DateTime ParseStart(string start) =>
        DateTime.ParseExact(
            start,
            "yyyy-MM-dd HH:mm:ss",
            CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static DateTime Floor(DateTime value, TimeSpan period) =>
        new(value.Ticks - value.Ticks % period.Ticks, DateTimeKind.Utc);

    private static DateTime Ceiling(DateTime value, TimeSpan period)
    {
        var floor = Floor(value, period);
        return floor == value ? floor : floor.Add(period);
    }
}
