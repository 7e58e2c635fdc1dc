using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace LlmIntercept.Bench.Tools;

/// <summary>
/// Signs in to the dashboard and times the queries the SPA sends (list, full-text search, stats) through the
/// real GraphQL endpoint, one at a time. Prints one tab-separated line per query: name, p50, p95 (ms),
/// samples, and the row count the last answer reported (so a wrong filter shows up as a wrong count). A query
/// slower than its budget (--budget-seconds, default 30) stops early with at least three samples.
/// </summary>
internal static class QueryTimer
{
    private const string SummaryFields = "id timestamp model status outcome statusCode responseTimeMs stream "
        + "hasToolCalls promptTokens completionTokens totalTokens preview";

    private const string ListQuery = "query Requests($filter: RequestFilterInput, $page: Int, $pageSize: Int) "
        + "{ requests(filter: $filter, page: $page, pageSize: $pageSize) { totalCount page pageSize items { "
        + SummaryFields + " } } }";

    private const string StatsQuery = "query Stats($filter: RequestFilterInput) { stats(filter: $filter) { "
        + "totalRequests uniqueModels errorRate avgResponseTimeMs p50ResponseTimeMs p95ResponseTimeMs "
        + "promptTokens completionTokens bucketMinutes "
        + "perModel { model count errorCount promptTokens completionTokens avgResponseTimeMs } "
        + "timeline { start model count } latencyHistogram { upperMs count } } }";

    private static readonly string[] SearchTerms =
        ["kubernetes", "invoice refund", "postgres index", "retry backoff", "quarterly forecast", "password reset",
         "unit test", "shipping delay", "memory leak", "translate spanish"];

    public static async Task<int> RunAsync(ToolArguments arguments)
    {
        var baseUrl = arguments.Required("base").TrimEnd('/');
        var iterations = arguments.Int("iterations", 40);
        var warmup = arguments.Int("warmup", 1);
        var budget = TimeSpan.FromSeconds(arguments.Int("budget-seconds", 30));
        using var client = new HttpClient(new HttpClientHandler
        {
            CookieContainer = new CookieContainer(),
            UseProxy = false,
        })
        {
            Timeout = TimeSpan.FromMinutes(10),
        };
        using (var login = await client.PostAsJsonAsync(
            $"{baseUrl}/auth/login", new { password = arguments.Required("password") }))
        {
            if (login.StatusCode != HttpStatusCode.NoContent)
            {
                Console.Error.WriteLine($"sign-in failed: {(int)login.StatusCode}");
                return 1;
            }
        }

        var now = DateTime.UtcNow;
        var day = new { from = now.AddDays(-1).ToString("O") };
        var week = new { from = now.AddDays(-7).ToString("O") };
        var queries = new (string Name, Func<int, (string Query, object Variables)> Make)[]
        {
            ("list", i => (ListQuery, new { filter = new { }, page = 1 + (i % 5), pageSize = 50 })),
            ("list_model_filter", i => (ListQuery,
                new { filter = new { models = new[] { "openai/gpt-4o-mini" } }, page = 1, pageSize = 50 })),
            ("search", i => (ListQuery,
                new { filter = new { search = SearchTerms[i % SearchTerms.Length] }, page = 1, pageSize = 50 })),
            ("stats_all", _ => (StatsQuery, new { filter = new { } })),
            ("stats_7d", _ => (StatsQuery, new { filter = week })),
            ("stats_24h", _ => (StatsQuery, new { filter = day })),
        };

        var samples = queries.ToDictionary(q => q.Name, _ => new List<double>());
        var spent = queries.ToDictionary(q => q.Name, _ => 0.0);
        var counts = new Dictionary<string, long>();
        for (var i = 0; i < warmup + iterations; i++)
        {
            foreach (var (name, make) in queries)
            {
                // A slow query stops once it has a few samples and has used its time budget.
                if (samples[name].Count >= 3 && spent[name] > budget.TotalMilliseconds)
                {
                    continue;
                }

                var (query, variables) = make(i);
                var started = Stopwatch.GetTimestamp();
                using var response = await client.PostAsJsonAsync($"{baseUrl}/graphql", new { query, variables });
                var text = await response.Content.ReadAsStringAsync();
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                counts[name] = ReadCount(response.StatusCode, text, name);
                spent[name] += elapsed;
                if (i >= warmup)
                {
                    samples[name].Add(elapsed);
                }
            }
        }

        foreach (var (name, _) in queries)
        {
            Console.WriteLine(string.Join('\t', name, Percentiles.Ms(Percentiles.Of(samples[name], 50)),
                Percentiles.Ms(Percentiles.Of(samples[name], 95)), samples[name].Count, counts[name]));
        }

        return 0;
    }

    private static long ReadCount(HttpStatusCode status, string text, string name)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        if (status != HttpStatusCode.OK || root.TryGetProperty("errors", out _))
        {
            throw new InvalidOperationException($"{name}: {(int)status} {text[..Math.Min(text.Length, 300)]}");
        }

        var data = root.GetProperty("data");
        return data.TryGetProperty("requests", out var page)
            ? page.GetProperty("totalCount").GetInt64()
            : data.GetProperty("stats").GetProperty("totalRequests").GetInt64();
    }
}
