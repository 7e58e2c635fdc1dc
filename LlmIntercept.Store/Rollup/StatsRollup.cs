using System.Globalization;
using System.Text;

namespace LlmIntercept.Store.Rollup;

/// <summary>One roll-up table: its name and the period each of its rows covers.</summary>
/// <param name="Name">The table.</param>
/// <param name="Period">An hour or a day.</param>
/// <param name="TimestampLength">How much of a stored timestamp names the period (<c>2026-03-01 10</c> or <c>2026-03-01</c>).</param>
/// <param name="Padding">What completes that prefix to the period's start, as every row's <c>start</c> holds it.</param>
public sealed record RollupTable(string Name, TimeSpan Period, int TimestampLength, string Padding)
{
    /// <summary>The SQL giving the start of the period of a timestamp expression.</summary>
    internal string StartOf(string timestamp) => $"substr({timestamp}, 1, {TimestampLength}) || '{Padding}'";
}

/// <summary>
/// The roll-ups of <c>llm_requests</c> on SQLite: per hour and per day, one row per combination of the columns the
/// dashboard filters on (model, status, outcome, stream, tool calls, starred, excluded), holding the count, the
/// token and response-time sums and a response-time histogram. Triggers keep both in the same transaction as
/// every insert, update and delete of a request, so they are never behind the rows and no write path can forget
/// them; the overview and the list's count then add up a few thousand rows instead of a million requests.
/// </summary>
public static class StatsRollup
{
    public static RollupTable Hourly { get; } = new("llm_requests_hourly", TimeSpan.FromHours(1), 13, ":00:00");

    public static RollupTable Daily { get; } = new("llm_requests_daily", TimeSpan.FromDays(1), 10, " 00:00:00");

    public static IReadOnlyList<RollupTable> Tables { get; } = [Hourly, Daily];

    /// <summary>
    /// Inclusive upper bounds of the histogram's buckets in milliseconds, 15 a decade from 1 ms to 1,000 s
    /// (neighbours at most 25% apart); one more bucket takes everything above the last. The dashboard's own
    /// histogram bounds are among them, so it is a sum of these buckets.
    /// </summary>
    public static IReadOnlyList<double> LatencyBounds { get; } = BuildBounds();

    /// <summary>The roll-up's grouping columns, in the order of its unique index.</summary>
    internal static readonly string[] KeyColumns =
        ["start", "model", "status", "outcome", "stream", "has_tool_calls", "starred", "is_excluded"];

    /// <summary>The unique index as <c>ON CONFLICT</c> names it: a null model is a group of its own.</summary>
    private const string ConflictTarget =
        "start, ifnull(model, char(0)), status, outcome, stream, has_tool_calls, starred, is_excluded";

    public static string LatencyColumn(int bucket) => "l" + bucket.ToString(CultureInfo.InvariantCulture);

    /// <summary>The bucket of <see cref="LatencyBounds"/> that <paramref name="milliseconds"/> falls in.</summary>
    public static int BucketOf(double milliseconds)
    {
        var bounds = LatencyBounds;
        int low = 0, high = bounds.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (milliseconds <= bounds[middle])
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }

    /// <summary>Creates the tables, their indexes and the triggers, and fills them from the rows already stored.</summary>
    internal static string CreateSql()
    {
        var sql = new StringBuilder();
        foreach (var table in Tables)
        {
            sql.Append("CREATE TABLE ").Append(table.Name).Append(" (start TEXT NOT NULL, model TEXT, status TEXT NOT NULL, ")
                .Append("outcome TEXT NOT NULL, stream INTEGER NOT NULL, has_tool_calls INTEGER NOT NULL, ")
                .Append("starred INTEGER NOT NULL, is_excluded INTEGER NOT NULL, requests INTEGER NOT NULL, ")
                .Append("prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL, response_time_sum REAL NOT NULL");
            for (var i = 0; i <= LatencyBounds.Count; i++)
            {
                sql.Append(", ").Append(LatencyColumn(i)).Append(" INTEGER NOT NULL");
            }

            sql.Append(");\n");
            sql.Append("CREATE UNIQUE INDEX UX_").Append(table.Name).Append(" ON ").Append(table.Name)
                .Append(" (").Append(ConflictTarget).Append(");\n");
        }

        const string Changed = "timestamp, model, status, outcome, stream, has_tool_calls, starred, excluded, "
            + "response_time_ms, prompt_tokens, completion_tokens";
        sql.Append("CREATE TRIGGER llm_requests_rollup_insert AFTER INSERT ON llm_requests BEGIN ")
            .Append(Each(t => Add(t, "new", 1))).Append(" END;\n");
        sql.Append("CREATE TRIGGER llm_requests_rollup_delete AFTER DELETE ON llm_requests BEGIN ")
            .Append(Each(t => Add(t, "old", -1) + " " + DropEmpty(t, "old"))).Append(" END;\n");
        sql.Append("CREATE TRIGGER llm_requests_rollup_update AFTER UPDATE OF ").Append(Changed)
            .Append(" ON llm_requests BEGIN ")
            .Append(Each(t => Add(t, "old", -1) + " " + Add(t, "new", 1) + " " + DropEmpty(t, "old"))).Append(" END;\n");

        foreach (var table in Tables)
        {
            sql.Append(BackfillSql(table, table.Name)).Append(";\n");
        }

        return sql.ToString();
    }

    internal static string DropSql() =>
        "DROP TRIGGER IF EXISTS llm_requests_rollup_insert; DROP TRIGGER IF EXISTS llm_requests_rollup_delete; "
        + "DROP TRIGGER IF EXISTS llm_requests_rollup_update; "
        + string.Concat(Tables.Select(t => $"DROP TABLE IF EXISTS {t.Name}; "));

    /// <summary>
    /// <paramref name="table"/> computed from scratch by one grouped pass over <c>llm_requests</c>, inserted into
    /// <paramref name="into"/>: how the migration fills the tables for rows stored before it, and what the tests
    /// compare the trigger-kept tables with.
    /// </summary>
    public static string BackfillSql(RollupTable table, string into)
    {
        ArgumentNullException.ThrowIfNull(table);
        var sql = new StringBuilder("INSERT INTO ").Append(into).Append(" (").Append(string.Join(", ", AllColumns()))
            .Append(") SELECT ").Append(table.StartOf("timestamp"))
            .Append(", model, status, outcome, stream, has_tool_calls, ")
            .Append("starred, excluded, count(*), sum(ifnull(prompt_tokens, 0)), sum(ifnull(completion_tokens, 0)), ")
            .Append("sum(response_time_ms)");
        for (var i = 0; i <= LatencyBounds.Count; i++)
        {
            sql.Append(", sum(").Append(InBucket("response_time_ms", i)).Append(')');
        }

        return sql.Append(" FROM llm_requests GROUP BY 1, 2, 3, 4, 5, 6, 7, 8").ToString();
    }

    private static string Each(Func<RollupTable, string> statement) => string.Join(" ", Tables.Select(statement));

    /// <summary>The statement adding <paramref name="sign"/> times the row <paramref name="row"/> to its group.</summary>
    private static string Add(RollupTable table, string row, int sign)
    {
        var s = sign.ToString(CultureInfo.InvariantCulture);
        var sql = new StringBuilder("INSERT INTO ").Append(table.Name).Append(" (").Append(string.Join(", ", AllColumns()))
            .Append(") VALUES (").Append(table.StartOf(row + ".timestamp")).Append(", ")
            .Append(row).Append(".model, ").Append(row).Append(".status, ").Append(row).Append(".outcome, ")
            .Append(row).Append(".stream, ").Append(row).Append(".has_tool_calls, ").Append(row).Append(".starred, ")
            .Append(row).Append(".excluded, ").Append(s)
            .Append(", ").Append(s).Append(" * ifnull(").Append(row).Append(".prompt_tokens, 0)")
            .Append(", ").Append(s).Append(" * ifnull(").Append(row).Append(".completion_tokens, 0)")
            .Append(", ").Append(s).Append(" * ").Append(row).Append(".response_time_ms");
        for (var i = 0; i <= LatencyBounds.Count; i++)
        {
            sql.Append(", ").Append(s).Append(" * (").Append(InBucket(row + ".response_time_ms", i)).Append(')');
        }

        sql.Append(") ON CONFLICT (").Append(ConflictTarget).Append(") DO UPDATE SET ");
        var sums = new[] { "requests", "prompt_tokens", "completion_tokens", "response_time_sum" }
            .Concat(Enumerable.Range(0, LatencyBounds.Count + 1).Select(LatencyColumn));
        sql.Append(string.Join(", ", sums.Select(c => $"{c} = {c} + excluded.{c}")));
        return sql.Append(';').ToString();
    }

    /// <summary>Removes the group of <paramref name="row"/> when nothing is left in it.</summary>
    private static string DropEmpty(RollupTable table, string row) =>
        $"DELETE FROM {table.Name} WHERE requests = 0 AND start = {table.StartOf(row + ".timestamp")} "
        + $"AND ifnull(model, char(0)) = ifnull({row}.model, char(0)) AND status = {row}.status "
        + $"AND outcome = {row}.outcome AND stream = {row}.stream AND has_tool_calls = {row}.has_tool_calls "
        + $"AND starred = {row}.starred AND is_excluded = {row}.excluded;";

    private static IEnumerable<string> AllColumns() =>
        KeyColumns
            .Concat(["requests", "prompt_tokens", "completion_tokens", "response_time_sum"])
            .Concat(Enumerable.Range(0, LatencyBounds.Count + 1).Select(LatencyColumn));

    /// <summary>A 0/1 SQL expression: whether <paramref name="value"/> falls in bucket <paramref name="bucket"/>.</summary>
    private static string InBucket(string value, int bucket)
    {
        var bounds = LatencyBounds;
        if (bucket == 0)
        {
            return $"{value} <= {Literal(bounds[0])}";
        }

        return bucket == bounds.Count
            ? $"{value} > {Literal(bounds[^1])}"
            : $"{value} > {Literal(bounds[bucket - 1])} AND {value} <= {Literal(bounds[bucket])}";
    }

    private static string Literal(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static double[] BuildBounds()
    {
        // Tenths of the mantissa, so every bound is the double nearest to its decimal (1.2, not 1.2000000000000002).
        int[] tenths = [10, 12, 14, 16, 18, 20, 25, 30, 35, 40, 50, 60, 70, 80, 90];
        var bounds = new List<double>();
        for (var scale = 1L; scale <= 100_000; scale *= 10)
        {
            bounds.AddRange(tenths.Select(t => t * scale / 10.0));
        }

        bounds.Add(1_000_000);
        return [.. bounds];
    }
}
