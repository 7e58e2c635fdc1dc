using System.Text.Json;
using LlmIntercept.Dashboard.Tests.Infrastructure;
using LlmIntercept.Store;
using LlmIntercept.Store.Curation;
using LlmIntercept.Store.Rollup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LlmIntercept.Dashboard.Tests.GraphQL;

/// <summary>
/// The three ways the overview is computed (rows added up in memory, the roll-ups, SQL aggregates) against figures
/// worked out here from the generated requests themselves, for filters whose ranges start and end inside hours
/// and days. Two dashboards read one store: one counts every selection from the rows, one reads every selection
/// of an hour or more from the roll-ups.
/// </summary>
public sealed class StatsPathsTests : IAsyncLifetime
{
    private const string Query = """
        query($filter: RequestFilterInput, $bucket: Int) {
          stats(filter: $filter, bucketMinutes: $bucket) {
            totalRequests uniqueModels errorRate avgResponseTimeMs p50ResponseTimeMs p95ResponseTimeMs
            percentilesApproximate promptTokens completionTokens bucketMinutes
            perModel { model count errorCount promptTokens completionTokens avgResponseTimeMs }
            timeline { start model count }
            latencyHistogram { upperMs count }
          }
        }
        """;

    private static readonly DateTime Start = new(2026, 5, 3, 21, 47, 13, DateTimeKind.Utc);
    private static readonly string?[] Models = ["gpt-4o", "gpt-4o-mini", "claude-3", null];
    private static readonly double[] DisplayBounds = [100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000];

    private readonly List<LlmRequest> requests = Generate(new Random(42), 1_500);
    private DashboardHost? exactHost;
    private DashboardHost? rollupHost;
    private DashboardClient? exact;
    private DashboardClient? rollup;

    public async Task InitializeAsync()
    {
        exactHost = await DashboardHost.StartAsync(new DashboardHostOptions
        {
            SeedKnownRequests = false,
            Settings = new Dictionary<string, string?> { ["DASHBOARD_EXACT_STATS_ROWS"] = "1000000" },
        });
        await exactHost.Services.GetRequiredService<RequestBatchWriter>().WriteAsync(requests, default);

        // Flags changed after the writes: the roll-ups follow updates too.
        await using (var db = await exactHost.Services.GetRequiredService<IDbContextFactory<InterceptDbContext>>().CreateDbContextAsync())
        {
            var starred = requests.Where(r => r.Id % 5 == 0).Select(r => r.Id).ToList();
            await db.ByIds(starred).SetStarredAsync(true, default);
            var excluded = requests.Where(r => r.Id % 7 == 0).Select(r => r.Id).ToList();
            await db.ByIds(excluded).SetExcludedAsync(true, default);
            foreach (var r in requests)
            {
                r.Starred = r.Id % 5 == 0;
                r.Excluded = r.Id % 7 == 0;
            }
        }

        rollupHost = await DashboardHost.StartAsync(new DashboardHostOptions
        {
            SeedKnownRequests = false,
            DatabaseUrl = "sqlite:///" + Path.Combine(exactHost.FolderPath, "store.db"),
            Settings = new Dictionary<string, string?> { ["DASHBOARD_EXACT_STATS_ROWS"] = "0" },
        });
        exact = await exactHost.NewClient().SignedInAsync();
        rollup = await rollupHost.NewClient().SignedInAsync();
    }

    public static TheoryData<string, int?> Cases() => new()
    {
        { "{}", null },
        { "{}", 60 },
        { "{}", 180 },
        { "{}", 1440 },
        { "{}", 2880 },
        { """{"from":"2026-05-04T03:12:45Z","to":"2026-05-07T14:05:01Z"}""", null },
        { """{"from":"2026-05-04T03:12:45Z","to":"2026-05-07T14:05:01Z"}""", 360 },
        { """{"from":"2026-05-04T03:12:45Z","to":"2026-05-07T14:05:01Z"}""", 1440 },
        { """{"from":"2026-05-05T00:00:00Z","to":"2026-05-06T00:00:00Z"}""", 60 },
        { """{"from":"2026-05-04T10:30:00Z","to":"2026-05-04T11:15:00Z"}""", 60 },
        { """{"from":"2026-05-04T10:30:00Z","to":"2026-05-05T19:59:59Z"}""", 15 },
        { """{"to":"2026-05-05T12:34:56Z"}""", 720 },
        { """{"from":"2026-05-05T12:34:56Z"}""", 1440 },
        { """{"models":["gpt-4o","claude-3"],"status":"ok"}""", 1440 },
        { """{"outcomes":["upstream_error","client_aborted"],"stream":false}""", 360 },
        { """{"hasToolCalls":true,"from":"2026-05-04T05:59:00Z"}""", 180 },
        { """{"starred":true,"excluded":false,"to":"2026-05-07T01:01:01Z"}""", 1440 },
        { """{"search":"alpha"}""", 1440 },
        { """{"search":"alpha","from":"2026-05-04T03:12:45Z"}""", 360 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Stats_EachWayOfCounting_MatchesTheFiguresOfTheRows(string filter, int? bucket)
    {
        var variables = new { filter = JsonDocument.Parse(filter).RootElement, bucket };
        var fromRows = (await exact!.GraphQLAsync(Query, variables)).Ok().GetProperty("stats");
        var fromRollup = (await rollup!.GraphQLAsync(Query, variables)).Ok().GetProperty("stats");
        var selected = Select(JsonDocument.Parse(filter).RootElement);
        Assert.NotEmpty(selected);
        var usesRollup = !filter.Contains("search", StringComparison.Ordinal) && fromRows.GetProperty("bucketMinutes").GetInt32() >= 60;

        foreach (var stats in new[] { fromRows, fromRollup })
        {
            var minutes = stats.GetProperty("bucketMinutes").GetInt32();
            Assert.Equal(selected.Count, stats.GetProperty("totalRequests").GetInt64());
            Assert.Equal(selected.Select(r => r.Model).Where(m => m is not null).Distinct().Count(), stats.GetProperty("uniqueModels").GetInt32());
            Assert.Equal((double)selected.Count(r => r.Status == RequestStatus.Error) / selected.Count, stats.GetProperty("errorRate").GetDouble(), 12);
            Assert.Equal(selected.Average(r => r.ResponseTimeMs), stats.GetProperty("avgResponseTimeMs").GetDouble(), 6);
            Assert.Equal(selected.Sum(r => (long)(r.PromptTokens ?? 0)), stats.GetProperty("promptTokens").GetInt64());
            Assert.Equal(selected.Sum(r => (long)(r.CompletionTokens ?? 0)), stats.GetProperty("completionTokens").GetInt64());
            Assert.Equal(ExpectedPerModel(selected), PerModel(stats));
            Assert.Equal(ExpectedTimeline(selected, minutes), Timeline(stats));
            Assert.Equal(ExpectedHistogram(selected), Histogram(stats));
        }

        // Counted from the rows: exact nearest-rank percentiles.
        var sorted = selected.Select(r => r.ResponseTimeMs).Order().ToList();
        var p50 = sorted[(int)Math.Ceiling(0.50 * sorted.Count) - 1];
        var p95 = sorted[(int)Math.Ceiling(0.95 * sorted.Count) - 1];
        Assert.False(fromRows.GetProperty("percentilesApproximate").GetBoolean());
        Assert.Equal(p50, fromRows.GetProperty("p50ResponseTimeMs").GetDouble());
        Assert.Equal(p95, fromRows.GetProperty("p95ResponseTimeMs").GetDouble());

        // From the roll-ups: in the exact value's own histogram bucket, and flagged as approximate.
        Assert.Equal(usesRollup, fromRollup.GetProperty("percentilesApproximate").GetBoolean());
        if (usesRollup)
        {
            Assert.Equal(StatsRollup.BucketOf(p50), StatsRollup.BucketOf(fromRollup.GetProperty("p50ResponseTimeMs").GetDouble()));
            Assert.Equal(StatsRollup.BucketOf(p95), StatsRollup.BucketOf(fromRollup.GetProperty("p95ResponseTimeMs").GetDouble()));
        }
        else
        {
            Assert.Equal(p50, fromRollup.GetProperty("p50ResponseTimeMs").GetDouble());
            Assert.Equal(p95, fromRollup.GetProperty("p95ResponseTimeMs").GetDouble());
        }
    }

    [Fact]
    public async Task RequestsTotalCount_ThroughTheRollups_EqualsTheRowsSelected()
    {
        const string List = "query($filter: RequestFilterInput) { requests(filter: $filter) { totalCount } }";
        foreach (var filter in Cases().Select(c => (string)c[0]).Distinct())
        {
            var answer = await rollup!.GraphQLAsync(List, new { filter = JsonDocument.Parse(filter).RootElement });
            var expected = Select(JsonDocument.Parse(filter).RootElement).Count;
            Assert.Equal(expected, answer.Ok().GetProperty("requests").GetProperty("totalCount").GetInt64());
        }
    }

    [Fact]
    public async Task Models_FromTheRollups_AreEveryNamedModelInOrdinalOrder()
    {
        var answer = await rollup!.GraphQLAsync("{ models }");

        Assert.Equal(
            ["claude-3", "gpt-4o", "gpt-4o-mini"],
            answer.Ok().GetProperty("models").EnumerateArray().Select(m => m.GetString()));
    }

    public async Task DisposeAsync()
    {
        exact?.Dispose();
        rollup?.Dispose();
        if (rollupHost is not null)
        {
            await rollupHost.DisposeAsync();
        }

        if (exactHost is not null)
        {
            await exactHost.DisposeAsync();
        }
    }

    /// <summary>The generated requests a filter of this test's cases selects, decided here without the store.</summary>
    private List<LlmRequest> Select(JsonElement filter)
    {
        IEnumerable<LlmRequest> rows = requests;
        if (filter.TryGetProperty("from", out var from))
        {
            var at = from.GetDateTime().ToUniversalTime();
            rows = rows.Where(r => r.Timestamp >= at);
        }

        if (filter.TryGetProperty("to", out var to))
        {
            var at = to.GetDateTime().ToUniversalTime();
            rows = rows.Where(r => r.Timestamp < at);
        }

        if (filter.TryGetProperty("models", out var models))
        {
            var names = models.EnumerateArray().Select(m => m.GetString()).ToHashSet();
            rows = rows.Where(r => r.Model is not null && names.Contains(r.Model));
        }

        if (filter.TryGetProperty("status", out var status))
        {
            rows = rows.Where(r => r.Status == status.GetString());
        }

        if (filter.TryGetProperty("outcomes", out var outcomes))
        {
            var names = outcomes.EnumerateArray().Select(m => m.GetString()).ToHashSet();
            rows = rows.Where(r => names.Contains(r.Outcome));
        }

        if (filter.TryGetProperty("stream", out var stream))
        {
            rows = rows.Where(r => r.Stream == stream.GetBoolean());
        }

        if (filter.TryGetProperty("hasToolCalls", out var tools))
        {
            rows = rows.Where(r => r.HasToolCalls == tools.GetBoolean());
        }

        if (filter.TryGetProperty("starred", out var starred))
        {
            rows = rows.Where(r => r.Starred == starred.GetBoolean());
        }

        if (filter.TryGetProperty("excluded", out var excluded))
        {
            rows = rows.Where(r => r.Excluded == excluded.GetBoolean());
        }

        if (filter.TryGetProperty("search", out var search))
        {
            rows = rows.Where(r => r.Messages!.Contains(search.GetString()!, StringComparison.Ordinal));
        }

        return rows.ToList();
    }

    private static List<(string, long, long, long, long, double)> ExpectedPerModel(List<LlmRequest> rows) =>
        rows.GroupBy(r => r.Model ?? "(unknown)")
            .Select(g => (
                g.Key,
                (long)g.Count(),
                (long)g.Count(r => r.Status == RequestStatus.Error),
                g.Sum(r => (long)(r.PromptTokens ?? 0)),
                g.Sum(r => (long)(r.CompletionTokens ?? 0)),
                Math.Round(g.Average(r => r.ResponseTimeMs), 6)))
            .OrderByDescending(m => m.Item2)
            .ThenBy(m => m.Key, StringComparer.Ordinal)
            .ToList();

    private static List<(string, long, long, long, long, double)> PerModel(JsonElement stats) =>
        stats.GetProperty("perModel").EnumerateArray()
            .Select(m => (
                m.GetProperty("model").GetString()!,
                m.GetProperty("count").GetInt64(),
                m.GetProperty("errorCount").GetInt64(),
                m.GetProperty("promptTokens").GetInt64(),
                m.GetProperty("completionTokens").GetInt64(),
                Math.Round(m.GetProperty("avgResponseTimeMs").GetDouble(), 6)))
            .ToList();

    /// <summary>Slots of under a day start at midnight plus whole slots; longer ones at whole slots since the epoch.</summary>
    private static List<(DateTime, string, long)> ExpectedTimeline(List<LlmRequest> rows, int minutes) =>
        rows.GroupBy(r => (SlotStart(r.Timestamp, minutes), r.Model ?? "(unknown)"))
            .Select(g => (g.Key.Item1, g.Key.Item2, (long)g.Count()))
            .OrderBy(b => b.Item1)
            .ThenBy(b => b.Item2, StringComparer.Ordinal)
            .ToList();

    private static DateTime SlotStart(DateTime timestamp, int minutes)
    {
        if (minutes < 1440)
        {
            var minuteOfDay = timestamp.Hour * 60 + timestamp.Minute;
            return timestamp.Date.AddMinutes(minuteOfDay / minutes * minutes);
        }

        var days = (timestamp.Date - DateTime.UnixEpoch).Days;
        return DateTime.UnixEpoch.AddDays(days / (minutes / 1440) * (minutes / 1440));
    }

    private static List<(DateTime, string, long)> Timeline(JsonElement stats) =>
        stats.GetProperty("timeline").EnumerateArray()
            .Select(b => (b.GetProperty("start").GetDateTime().ToUniversalTime(), b.GetProperty("model").GetString()!, b.GetProperty("count").GetInt64()))
            .ToList();

    private static List<long> ExpectedHistogram(List<LlmRequest> rows)
    {
        var counts = new long[DisplayBounds.Length + 1];
        foreach (var r in rows)
        {
            var i = Array.FindIndex(DisplayBounds, bound => r.ResponseTimeMs <= bound);
            counts[i < 0 ? DisplayBounds.Length : i]++;
        }

        return [.. counts];
    }

    private static List<long> Histogram(JsonElement stats) =>
        stats.GetProperty("latencyHistogram").EnumerateArray().Select(b => b.GetProperty("count").GetInt64()).ToList();

    private static List<LlmRequest> Generate(Random random, int count)
    {
        var rows = new List<LlmRequest>(count);
        for (var i = 0; i < count; i++)
        {
            var error = random.Next(6) == 0;
            rows.Add(new LlmRequest
            {
                Timestamp = Start.AddSeconds(random.Next(0, 5 * 24 * 3600)).AddTicks(random.Next(0, 10_000_000)),
                Model = Models[random.Next(Models.Length)],
                Status = error ? RequestStatus.Error : RequestStatus.Ok,
                Outcome = error ? RequestOutcome.UpstreamError : random.Next(8) == 0 ? RequestOutcome.ClientAborted : RequestOutcome.Complete,
                Stream = random.Next(2) == 0,
                HasToolCalls = random.Next(4) == 0,
                ResponseTimeMs = Math.Round(Math.Exp(random.NextDouble() * 11), 1),
                PromptTokens = random.Next(5) == 0 ? null : random.Next(1, 3000),
                CompletionTokens = random.Next(5) == 0 ? null : random.Next(1, 900),
                Messages = $$"""[{"role":"user","content":"{{(random.Next(3) == 0 ? "alpha" : "beta")}} question {{i}}"}]""",
            });
        }

        return rows;
    }
}
