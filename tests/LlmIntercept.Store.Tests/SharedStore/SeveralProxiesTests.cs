using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LlmIntercept.Testing;
using Microsoft.EntityFrameworkCore;

namespace LlmIntercept.Store.Tests.SharedStore;

/// <summary>
/// Two proxy processes and a dashboard process on one PostgreSQL database, as behind a load balancer: every
/// call is recorded exactly once, the dashboard reads while they write, and no process logs the password.
/// </summary>
public sealed class SeveralProxiesTests
{
    private const int Calls = 400;
    private const int Clients = 8;
    private const string AdminPassword = "dashboard-pw-for-tests";
    private const string Completion = """
        {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o",
         "choices":[{"index":0,"message":{"role":"assistant","content":"pong"},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}
        """;

    [Fact]
    public async Task TwoProxiesAndTheDashboard_UnderLoad_EveryCallIsStoredOnce()
    {
        var server = await PostgresServer.GetAsync();
        var url = await server.CreateDatabaseAsync();
        var folder = Directory.CreateTempSubdirectory("llm-intercept-shared-").FullName;
        var init = await ServiceProcess.RunAsync("LlmIntercept.Cli", "llm-intercept", ["init-database", "--database-url", url]);
        Assert.True(init.ExitCode == 0, init.Output);
        Assert.Contains("Database ready: postgresql://intercept:***@127.0.0.1", init.Output, StringComparison.Ordinal);

        await using var upstream = await FakeUpstream.StartAsync();
        upstream.Enqueue(ScriptedResponse.Json(200, Completion));
        var proxyEnvironment = new Dictionary<string, string>
        {
            ["BASE_URL"] = upstream.ChatCompletionsUri.ToString(),
            ["DATABASE_URL"] = url,
            ["PLUGINS_DIR"] = Directory.CreateDirectory(Path.Combine(folder, "plugins")).FullName,
            ["Logging__LogLevel__Default"] = "Debug",
            ["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Debug",
        };
        await using var first = await ServiceProcess.StartAsync("LlmIntercept.Proxy", proxyEnvironment);
        await using var second = await ServiceProcess.StartAsync("LlmIntercept.Proxy", proxyEnvironment);
        await using var dashboard = await ServiceProcess.StartAsync("LlmIntercept.Dashboard", new Dictionary<string, string>
        {
            ["DATABASE_URL"] = url,
            ["ADMIN_PASSWORD"] = AdminPassword,
            ["DASHBOARD_DIST_PATH"] = FakeDist(folder),
            ["Logging__LogLevel__Default"] = "Debug",
            ["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Debug",
        });
        using var reader = await SignedInAsync(dashboard.BaseUri);

        using var loadDone = new CancellationTokenSource();
        var dashboardReads = ReadWhileLoadingAsync(reader, loadDone.Token);
        var statuses = await SendLoadAsync([first.BaseUri, second.BaseUri]);
        await loadDone.CancelAsync();
        var readsDuringLoad = await dashboardReads;

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.True(readsDuringLoad > 0, "the dashboard answered no query during the load");
        Assert.Equal(Calls, await WaitForTotalAsync(reader, Calls));
        await first.StopAsync();
        await second.StopAsync();

        await using var db = StoreServiceCollectionExtensions.CreateContext(DatabaseUrl.Parse(url));
        var sessions = await db.Requests.Select(r => r.SessionId!).ToListAsync();
        Assert.Equal(Expected().Order(StringComparer.Ordinal), sessions.Order(StringComparer.Ordinal));
        Assert.Equal(Calls, await db.Requests.Select(r => r.Id).Distinct().CountAsync());
        Assert.Equal([Ids(await SearchAsync(reader, "marker s0123")).Single()], Ids(await SearchAsync(reader, "s0123")));
        Assert.Equal(Calls, await TotalAsync(reader, "pong"));

        var exported = Path.Combine(folder, "all.jsonl.zst");
        var export = await ServiceProcess.RunAsync(
            "LlmIntercept.Cli", "llm-intercept", ["export", "--database-url", url, "--format", "jsonl.zst", "--out", exported]);
        Assert.True(export.ExitCode == 0, export.Output);
        Assert.Equal(Calls, ReadLines(exported).Count(line => line.Contains("\"pong\"", StringComparison.Ordinal)));

        // The Debug logs do speak of the database (so the check below reads real connection logs), never its password.
        var database = url[(url.LastIndexOf('/') + 1)..];
        Assert.Contains(first.Output, line => line.Contains(database, StringComparison.Ordinal));
        Assert.Contains(dashboard.Output, line => line.Contains(database, StringComparison.Ordinal));
        foreach (var line in first.Output.Concat(second.Output).Concat(dashboard.Output).Append(init.Output).Append(export.Output))
        {
            Assert.DoesNotContain(server.Password, line, StringComparison.Ordinal);
        }

        Directory.Delete(folder, recursive: true);
    }

    private static IEnumerable<string> Expected() => Enumerable.Range(0, Calls).Select(Session);

    private static string Session(int call) => $"s{call:D4}";

    private static async Task<ConcurrentBag<HttpStatusCode>> SendLoadAsync(Uri[] proxies)
    {
        var statuses = new ConcurrentBag<HttpStatusCode>();
        var next = -1;
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            int call;
            while ((call = Interlocked.Increment(ref next)) < Calls)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(proxies[call % 2], "v1/chat/completions"))
                {
                    Content = new StringContent(
                        $$"""{"model":"gpt-4o","messages":[{"role":"user","content":"ping marker {{Session(call)}}"}]}""",
                        Encoding.UTF8,
                        "application/json"),
                };
                request.Headers.Add("Authorization", "Bearer sk-test");
                request.Headers.Add("X-Intercept-Session", Session(call));
                using var response = await http.SendAsync(request);
                statuses.Add(response.StatusCode);
            }
        })));
        return statuses;
    }

    private static async Task<int> ReadWhileLoadingAsync(HttpClient reader, CancellationToken loadDone)
    {
        var reads = 0;
        while (!loadDone.IsCancellationRequested)
        {
            var stats = await GraphQLAsync(reader, "{ stats { totalRequests p95ResponseTimeMs timeline { count } } }");
            Assert.InRange(stats.GetProperty("stats").GetProperty("totalRequests").GetInt64(), 0, Calls);
            await SearchAsync(reader, "ping");
            reads++;
        }

        return reads;
    }

    private static async Task<long> WaitForTotalAsync(HttpClient reader, long expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        long total;
        while ((total = await TotalAsync(reader, null)) < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        return total;
    }

    private static async Task<long> TotalAsync(HttpClient reader, string? search) =>
        (await SearchAsync(reader, search)).GetProperty("totalCount").GetInt64();

    private static async Task<JsonElement> SearchAsync(HttpClient reader, string? search) =>
        (await GraphQLAsync(
            reader,
            "query($s: String) { requests(filter: {search: $s}, pageSize: 100) { totalCount items { id } } }",
            new { s = search })).GetProperty("requests");

    private static List<long> Ids(JsonElement requests) =>
        requests.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetInt64()).ToList();

    private static async Task<JsonElement> GraphQLAsync(HttpClient reader, string query, object? variables = null)
    {
        using var response = await reader.PostAsJsonAsync("graphql", new { query, variables });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK && !body.TryGetProperty("errors", out _), body.ToString());
        return body.GetProperty("data");
    }

    private static async Task<HttpClient> SignedInAsync(Uri dashboard)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = dashboard };
        using var response = await http.PostAsJsonAsync("auth/login", new { password = AdminPassword });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return http;
    }

    private static List<string> ReadLines(string zstdFile)
    {
        using var file = File.OpenRead(zstdFile);
        using var zstd = new ZstdSharp.DecompressionStream(file);
        using var text = new StreamReader(zstd);
        var lines = new List<string>();
        while (text.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    private static string FakeDist(string folder)
    {
        var dist = Directory.CreateDirectory(Path.Combine(folder, "dist")).FullName;
        File.WriteAllText(Path.Combine(dist, "index.html"), "<!doctype html><title>dashboard</title>");
        return dist;
    }
}
