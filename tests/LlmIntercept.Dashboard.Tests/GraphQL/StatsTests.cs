using System.Text.Json;
using LlmIntercept.Dashboard.Tests.Infrastructure;

namespace LlmIntercept.Dashboard.Tests.GraphQL;

/// <summary>Every expected figure below was worked out by hand from the table in <see cref="KnownRequests"/>.</summary>
public abstract class StatsTests(SeededDashboard dashboard)
{
    private const string Query = """
        query($filter: RequestFilterInput, $bucket: Int) {
          stats(filter: $filter, bucketMinutes: $bucket) {
            totalRequests uniqueModels errorRate avgResponseTimeMs p50ResponseTimeMs p95ResponseTimeMs
            promptTokens completionTokens bucketMinutes
            perModel { model count errorCount promptTokens completionTokens avgResponseTimeMs }
            timeline { start model count }
            latencyHistogram { upperMs count }
          }
        }
        """;

    [Fact]
    public async Task Stats_AllRequests_MatchTheFiguresWorkedOutByHand()
    {
        var stats = await StatsAsync(null, null);

        Assert.Equal(10, stats.GetProperty("totalRequests").GetInt64());
        Assert.Equal(3, stats.GetProperty("uniqueModels").GetInt32());
        Assert.Equal(0.3, stats.GetProperty("errorRate").GetDouble(), 10);

        // 120+340+50+800+1500+3000+12000+200+450+70000 = 88460 over 10 requests.
        Assert.Equal(8846, stats.GetProperty("avgResponseTimeMs").GetDouble(), 6);

        // Sorted: 50 120 200 340 450 800 1500 3000 12000 70000; ranks ceil(0.5*10)=5 and ceil(0.95*10)=10.
        Assert.Equal(450, stats.GetProperty("p50ResponseTimeMs").GetDouble());
        Assert.Equal(70000, stats.GetProperty("p95ResponseTimeMs").GetDouble());
        Assert.Equal(187, stats.GetProperty("promptTokens").GetInt64());
        Assert.Equal(146, stats.GetProperty("completionTokens").GetInt64());
    }

    [Fact]
    public async Task Stats_PerModel_CountsErrorsTokensAndAverageByModelLargestFirst()
    {
        var perModel = (await StatsAsync(null, null)).GetProperty("perModel").EnumerateArray()
            .Select(m => (
                m.GetProperty("model").GetString(),
                m.GetProperty("count").GetInt64(),
                m.GetProperty("errorCount").GetInt64(),
                m.GetProperty("promptTokens").GetInt64(),
                m.GetProperty("completionTokens").GetInt64(),
                Math.Round(m.GetProperty("avgResponseTimeMs").GetDouble(), 3)))
            .ToList();

        Assert.Equal(
            [
                ("gpt-4o", 4L, 0L, 87L, 128L, 277.5),
                ("gpt-4o-mini", 3L, 1L, 45L, 10L, 23616.667),
                ("claude-3", 2L, 1L, 55L, 8L, 2250.0),
                ("(unknown)", 1L, 1L, 0L, 0L, 12000.0),
            ],
            perModel);
    }

    [Fact]
    public async Task Stats_LatencyHistogram_CountsEachFixedBucket()
    {
        var histogram = (await StatsAsync(null, null)).GetProperty("latencyHistogram").EnumerateArray()
            .Select(b => (Upper(b), b.GetProperty("count").GetInt64()))
            .ToList();

        Assert.Equal(
            [
                (100.0, 1L), (250.0, 2L), (500.0, 2L), (1000.0, 1L), (2500.0, 1L), (5000.0, 1L), (10000.0, 0L),
                (30000.0, 1L), (60000.0, 0L), (null, 1L),
            ],
            histogram);
    }

    [Fact]
    public async Task Stats_HourlyTimeline_CountsEachModelPerHour()
    {
        var stats = await StatsAsync(null, 60);

        Assert.Equal(60, stats.GetProperty("bucketMinutes").GetInt32());
        Assert.Equal(
            [
                ("2026-03-01T10:00:00Z", "gpt-4o", 2L),
                ("2026-03-01T10:00:00Z", "gpt-4o-mini", 2L),
                ("2026-03-01T11:00:00Z", "claude-3", 2L),
                ("2026-03-01T12:00:00Z", "(unknown)", 1L),
                ("2026-03-01T13:00:00Z", "gpt-4o", 1L),
                ("2026-03-02T09:00:00Z", "gpt-4o", 1L),
                ("2026-03-02T09:00:00Z", "gpt-4o-mini", 1L),
            ],
            Timeline(stats));
    }

    [Fact]
    public async Task Stats_TwoDayTimeline_AlignsBucketsOnWholeDaysSinceTheEpoch()
    {
        // 2026-03-01 is day 20513 since 1970-01-01, so its two-day bucket starts on day 20512, 2026-02-28.
        var stats = await StatsAsync(null, 2880);

        Assert.Equal(
            [
                ("2026-02-28T00:00:00Z", "(unknown)", 1L),
                ("2026-02-28T00:00:00Z", "claude-3", 2L),
                ("2026-02-28T00:00:00Z", "gpt-4o", 3L),
                ("2026-02-28T00:00:00Z", "gpt-4o-mini", 2L),
                ("2026-03-02T00:00:00Z", "gpt-4o", 1L),
                ("2026-03-02T00:00:00Z", "gpt-4o-mini", 1L),
            ],
            Timeline(stats));
    }

    [Fact]
    public async Task Stats_WithoutBucket_ChoosesTheSmallestGivingAtMost120Buckets()
    {
        // 10:00 on the first day to 09:30 on the next is 1410 minutes: 5-minute buckets would be 282, 15-minute 94.
        var stats = await StatsAsync(null, null);

        Assert.Equal(15, stats.GetProperty("bucketMinutes").GetInt32());
        Assert.Contains(("2026-03-01T10:15:00Z", "gpt-4o-mini", 1L), Timeline(stats));
        Assert.Contains(("2026-03-01T10:30:00Z", "gpt-4o-mini", 1L), Timeline(stats));
    }

    [Fact]
    public async Task Stats_Filtered_ComputeOverTheMatchingRowsOnly()
    {
        var stats = await StatsAsync("""{"models":["claude-3"]}""", 1440);

        Assert.Equal(2, stats.GetProperty("totalRequests").GetInt64());
        Assert.Equal(1, stats.GetProperty("uniqueModels").GetInt32());
        Assert.Equal(0.5, stats.GetProperty("errorRate").GetDouble());
        Assert.Equal(2250, stats.GetProperty("avgResponseTimeMs").GetDouble());
        Assert.Equal(1500, stats.GetProperty("p50ResponseTimeMs").GetDouble());
        Assert.Equal(3000, stats.GetProperty("p95ResponseTimeMs").GetDouble());
        Assert.Equal(55, stats.GetProperty("promptTokens").GetInt64());
        Assert.Equal(8, stats.GetProperty("completionTokens").GetInt64());
        Assert.Equal([("2026-03-01T00:00:00Z", "claude-3", 2L)], Timeline(stats));
    }

    [Fact]
    public async Task Stats_WithSearch_ComputeOverTheRowsFound()
    {
        var stats = await StatsAsync("""{"search":"weather"}""", null);

        Assert.Equal(1, stats.GetProperty("totalRequests").GetInt64());
        Assert.Equal(800, stats.GetProperty("p50ResponseTimeMs").GetDouble());
    }

    [Fact]
    public async Task Stats_NothingMatches_AreZeroAndNull()
    {
        var stats = await StatsAsync("""{"models":["no-such-model"]}""", null);

        Assert.Equal(0, stats.GetProperty("totalRequests").GetInt64());
        Assert.Equal(0, stats.GetProperty("uniqueModels").GetInt32());
        Assert.Equal(0, stats.GetProperty("errorRate").GetDouble());
        Assert.Equal(JsonValueKind.Null, stats.GetProperty("avgResponseTimeMs").ValueKind);
        Assert.Equal(JsonValueKind.Null, stats.GetProperty("p50ResponseTimeMs").ValueKind);
        Assert.Equal(JsonValueKind.Null, stats.GetProperty("p95ResponseTimeMs").ValueKind);
        Assert.Empty(stats.GetProperty("perModel").EnumerateArray());
        Assert.Empty(stats.GetProperty("timeline").EnumerateArray());
        Assert.All(stats.GetProperty("latencyHistogram").EnumerateArray(), b => Assert.Equal(0, b.GetProperty("count").GetInt64()));
        Assert.Equal(60, stats.GetProperty("bucketMinutes").GetInt32());
    }

    [Theory]
    [InlineData(7)]
    [InlineData(0)]
    [InlineData(-60)]
    [InlineData(1500)]
    public async Task Stats_BucketThatDoesNotDivideADay_IsAGraphQLError(int bucket)
    {
        var answer = await dashboard.Client.GraphQLAsync(Query, new { bucket });

        Assert.StartsWith("bucketMinutes must", Assert.Single(answer.ErrorMessages));
    }

    private async Task<JsonElement> StatsAsync(string? filter, int? bucket)
    {
        var variables = new { filter = filter is null ? (JsonElement?)null : JsonDocument.Parse(filter).RootElement, bucket };
        return (await dashboard.Client.GraphQLAsync(Query, variables)).Ok().GetProperty("stats");
    }

    private static double? Upper(JsonElement bucket) =>
        bucket.GetProperty("upperMs").ValueKind == JsonValueKind.Null ? null : bucket.GetProperty("upperMs").GetDouble();

    private static List<(string, string, long)> Timeline(JsonElement stats) =>
        stats.GetProperty("timeline").EnumerateArray()
            .Select(b => (
                b.GetProperty("start").GetDateTime().ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ"),
                b.GetProperty("model").GetString()!,
                b.GetProperty("count").GetInt64()))
            .ToList();
}

public sealed class SqliteStatsTests(SeededDashboard dashboard) : StatsTests(dashboard), IClassFixture<SeededDashboard>;

public sealed class PostgresStatsTests(PostgresSeededDashboard dashboard)
    : StatsTests(dashboard), IClassFixture<PostgresSeededDashboard>;
