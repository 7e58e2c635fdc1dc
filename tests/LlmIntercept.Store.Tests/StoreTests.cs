using System.Data.Common;
using System.Text.Json.Nodes;
using LlmIntercept.Store.Queries;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LlmIntercept.Store.Tests;

public sealed class SqliteStoreTests() : StoreTests(TestDatabase.Sqlite);

public sealed class PostgresStoreTests() : StoreTests(TestDatabase.Postgres);

/// <summary>The store's behaviour, once per provider: every test runs on SQLite and on PostgreSQL.</summary>
public abstract class StoreTests(TestDatabase database)
{
    private static readonly DateTime Start = new(2026, 3, 1, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Initialize_Twice_KeepsTheSchemaAndTheSecret()
    {
        var url = await database.CreateAsync();
        await using var first = await OpenAsync(url);
        var secret = await first.GetRequiredService<StoreInitializer>().GetApiKeySecretAsync();

        await using var second = await OpenAsync(url);

        Assert.Equal(secret, await second.GetRequiredService<StoreInitializer>().GetApiKeySecretAsync());
        Assert.Equal(32, secret.Length);
    }

    [Fact]
    public async Task Initialize_AppliesThisProvidersMigrationsOnly()
    {
        await using var services = await OpenAsync(await database.CreateAsync());
        await using var db = await Contexts(services).CreateDbContextAsync();

        var applied = (await db.Database.GetAppliedMigrationsAsync()).ToList();

        Assert.Equal(db.Database.GetMigrations(), applied);
        // The statistics roll-ups are SQLite's; PostgreSQL aggregates its rows on each call.
        string[] expected = database.Provider == DatabaseProvider.PostgreSql
            ? ["InitialCreate", "StatsIndex"]
            : ["InitialCreate", "StatsIndex", "StatsRollup", "SearchIndexFollowsDeletes"];
        Assert.Equal(expected, applied.Select(m => m[(m.IndexOf('_', StringComparison.Ordinal) + 1)..]));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        var searchTable = database.Provider == DatabaseProvider.PostgreSql ? "llm_requests_search" : "llm_requests_fts";
        Assert.Contains(searchTable, await TableNamesAsync(db));
    }

    [Fact]
    public async Task Initialize_FromSeveralProcessesAtOnce_AllAgreeOnOneSecret()
    {
        var url = await database.CreateAsync();
        var providers = Enumerable.Range(0, 4).Select(_ => Services(url)).ToList();

        var secrets = await Task.WhenAll(providers.Select(async services =>
        {
            var initializer = services.GetRequiredService<StoreInitializer>();
            await initializer.InitializeAsync();
            return Convert.ToBase64String(await initializer.GetApiKeySecretAsync());
        }));

        Assert.Single(secrets.Distinct());
        foreach (var services in providers)
        {
            await services.DisposeAsync();
        }
    }

    [Fact]
    public async Task Write_FullRecord_ReadsBackEveryValue()
    {
        await using var services = await OpenAsync(await database.CreateAsync());
        var written = FullRecord();

        await Writer(services).WriteAsync([written], default);

        await using var db = await Contexts(services).CreateDbContextAsync();
        var read = await db.Requests.AsNoTracking().SingleAsync();
        Assert.Equal(written.Id, read.Id);
        Assert.Equal(Start, read.Timestamp);
        Assert.Equal("gpt-4o", read.Model);
        Assert.Equal(0.7, read.Temperature);
        Assert.Equal(256, read.MaxTokens);
        Assert.True(read.Stream);
        Assert.Equal(1234.5, read.ResponseTimeMs);
        Assert.Equal(written.RequestBody, read.RequestBody);
        Assert.Equal(written.ResponseBody, read.ResponseBody);
        Assert.Equal(written.Response, read.Response);
        Assert.Equal(",support,v2,", read.Tags);
        Assert.Equal(RequestOutcome.Complete, read.Outcome);
        Assert.Equal(3, read.KeepAliveCount);
        Assert.True(read.DoneReceived);

        // jsonb keeps the JSON value, not its spacing or key order.
        foreach (var (expected, actual) in JsonPairs(written, read))
        {
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected!), JsonNode.Parse(actual!)), $"{expected} != {actual}");
        }
    }

    [Fact]
    public async Task Write_TextPostgresCannotHold_IsStoredAndFound()
    {
        await using var services = await OpenAsync(await database.CreateAsync());
        var record = Record(Start, "nul\0inside");
        record.Messages = """[{"role":"user","content":"zero \u0000 and lone \ud800 end"},{"role":"assistant","content":"😀 ok"}]""";
        record.Usage = "not json at all";
        record.RequestBody = "raw \0 body";

        await Writer(services).WriteAsync([record], default);

        await using var db = await Contexts(services).CreateDbContextAsync();
        var read = await db.Requests.AsNoTracking().SingleAsync();
        Assert.Contains("zero", read.Messages, StringComparison.Ordinal);
        Assert.Contains("😀 ok", JsonNode.Parse(read.Messages!)![1]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("raw ", read.RequestBody, StringComparison.Ordinal);
        Assert.Single(await db.Filter(new RequestFilter { Search = "lone" }).ToListAsync());
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            Assert.Equal("not json at all", JsonNode.Parse(read.Usage!)!.GetValue<string>());
            Assert.Equal("raw \uFFFD body", read.RequestBody);
        }
    }

    [Fact]
    public async Task Write_ManyWritersAtOnce_StoreEveryRecordExactlyOnce()
    {
        const int writers = 6;
        const int batches = 15;
        const int batchSize = 20;
        var url = await database.CreateAsync();
        await using var setup = await OpenAsync(url);
        var providers = Enumerable.Range(0, writers).Select(_ => Services(url)).ToList();

        await Task.WhenAll(providers.Select((services, w) => Task.Run(async () =>
        {
            var writer = Writer(services);
            for (var b = 0; b < batches; b++)
            {
                var batch = Enumerable.Range(0, batchSize)
                    .Select(i => Record(Start.AddSeconds(b), $"w{w}-b{b}-r{i}"))
                    .ToList();
                await writer.WriteAsync(batch, default);
            }
        })));

        await using var db = await Contexts(setup).CreateDbContextAsync();
        var sessions = await db.Requests.Select(r => r.SessionId!).ToListAsync();
        Assert.Equal(writers * batches * batchSize, sessions.Count);
        Assert.Equal(sessions.Count, sessions.Distinct().Count());
        Assert.Equal(sessions.Count, await db.Requests.Select(r => r.Id).Distinct().CountAsync());
        Assert.Equal(
            writers * batches * batchSize,
            await db.Filter(new RequestFilter { Search = "marker" }).CountAsync());
        foreach (var services in providers)
        {
            await services.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("marker", 3)]
    [InlineData("MARKER alpha", 1)]
    [InlineData("mark", 3)]
    [InlineData("cafe", 1)]
    [InlineData("ÇAFÉ", 1)]
    [InlineData("привет", 1)]
    [InlineData("ПРИВЕТ мир", 1)]
    [InlineData("alpha beta", 0)]
    [InlineData("it's", 1)]
    [InlineData("C:\\path", 1)]
    public async Task Search_FindsRowsWithEveryWord(string search, int expected)
    {
        await using var services = await SeededSearchStoreAsync();
        await using var db = await Contexts(services).CreateDbContextAsync();

        Assert.Equal(expected, await db.Filter(new RequestFilter { Search = search }).CountAsync());
    }

    [Theory]
    [InlineData("'")]
    [InlineData("''")]
    [InlineData("\\")]
    [InlineData("a\\")]
    [InlineData("a & b | !c")]
    [InlineData("(a")]
    [InlineData("a:*")]
    [InlineData("<->")]
    [InlineData("a <-> b")]
    [InlineData("!")]
    [InlineData(":")]
    [InlineData("\0")]
    [InlineData("x\0y")]
    [InlineData("\"unclosed")]
    [InlineData("'; DROP TABLE llm_requests; --")]
    [InlineData("日本語 😀")]
    [InlineData("a\u0301")]
    public async Task Search_HostileText_NeverFails(string search)
    {
        await using var services = await SeededSearchStoreAsync();
        await using var db = await Contexts(services).CreateDbContextAsync();

        var count = await db.Filter(new RequestFilter { Search = search }).CountAsync();

        Assert.InRange(count, 0, 3);
        Assert.Equal(3, await db.Requests.CountAsync());
    }

    [Fact]
    public async Task Search_WordLongerThanPostgresLexemes_NeverFails()
    {
        await using var services = await OpenAsync(await database.CreateAsync());
        var word = new string('x', 5000);
        await Writer(services).WriteAsync([Record(Start, "long " + word)], default);
        await using var db = await Contexts(services).CreateDbContextAsync();

        Assert.InRange(await db.Filter(new RequestFilter { Search = word }).CountAsync(), 0, 1);
        Assert.Equal(1, await db.Filter(new RequestFilter { Search = "long" }).CountAsync());
    }

    [Fact]
    public async Task Filter_TimeRange_TakesUtcAndUnspecifiedBounds()
    {
        await using var services = await OpenAsync(await database.CreateAsync());
        await Writer(services).WriteAsync(
            [Record(Start, "a"), Record(Start.AddHours(1), "b"), Record(Start.AddHours(2), "c")],
            default);
        await using var db = await Contexts(services).CreateDbContextAsync();

        var utc = await db.Filter(new RequestFilter { From = Start.AddMinutes(30), To = Start.AddHours(2) })
            .Select(r => r.SessionId).ToListAsync();
        var unspecified = await db.Filter(new RequestFilter
        {
            From = DateTime.SpecifyKind(Start.AddMinutes(30), DateTimeKind.Unspecified),
            To = DateTime.SpecifyKind(Start.AddHours(3), DateTimeKind.Unspecified),
        }).Select(r => r.SessionId).OrderBy(s => s).ToListAsync();

        Assert.Equal(["b"], utc);
        Assert.Equal(["b", "c"], unspecified);
    }

    [Fact]
    public async Task Filter_TagsModelsAndFlags_CombineWithAnd()
    {
        await using var services = await OpenAsync(await database.CreateAsync());
        var tagged = Record(Start, "tagged");
        tagged.Tags = ",support,v2,";
        tagged.Starred = true;
        var other = Record(Start, "other");
        other.Tags = ",support,";
        other.Model = "claude-3";
        await Writer(services).WriteAsync([tagged, other], default);
        await using var db = await Contexts(services).CreateDbContextAsync();

        Assert.Equal(2, await db.Filter(new RequestFilter { Tags = ["support"] }).CountAsync());
        Assert.Equal(["tagged"], await db.Filter(new RequestFilter { Tags = ["support", "v2"] }).Select(r => r.SessionId).ToListAsync());
        Assert.Equal(["other"], await db.Filter(new RequestFilter { Models = ["claude-3"] }).Select(r => r.SessionId).ToListAsync());
        Assert.Equal(["tagged"], await db.Filter(new RequestFilter { Starred = true }).Select(r => r.SessionId).ToListAsync());
    }

    private async Task<ServiceProvider> SeededSearchStoreAsync()
    {
        var services = await OpenAsync(await database.CreateAsync());
        await Writer(services).WriteAsync(
            [
                Record(Start, "one", "Marker alpha: it's at C:\\path"),
                Record(Start, "two", "marker Café crème"),
                Record(Start, "three", "marker привет мир beta"),
            ],
            default);
        return services;
    }

    private static ServiceProvider Services(DatabaseUrl url) =>
        new ServiceCollection().AddInterceptStore(url).BuildServiceProvider();

    private static async Task<ServiceProvider> OpenAsync(DatabaseUrl url)
    {
        var services = Services(url);
        await services.GetRequiredService<StoreInitializer>().InitializeAsync();
        return services;
    }

    private static IDbContextFactory<InterceptDbContext> Contexts(IServiceProvider services) =>
        services.GetRequiredService<IDbContextFactory<InterceptDbContext>>();

    private static RequestBatchWriter Writer(IServiceProvider services) => services.GetRequiredService<RequestBatchWriter>();

    private static async Task<List<string>> TableNamesAsync(InterceptDbContext db)
    {
        var sql = db.Database.IsNpgsql()
            ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            : "SELECT name FROM sqlite_master WHERE type = 'table'";
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static LlmRequest Record(DateTime timestamp, string session, string? text = null) => new()
    {
        Timestamp = timestamp,
        Model = "gpt-4o",
        Status = RequestStatus.Ok,
        Outcome = RequestOutcome.Complete,
        SessionId = session,
        Messages = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = text ?? "marker " + session })
            .ToJsonString(),
    };

    private static LlmRequest FullRecord()
    {
        var record = Record(Start, "full", "Hello there");
        record.Temperature = 0.7;
        record.MaxTokens = 256;
        record.Stream = true;
        record.ResponseTimeMs = 1234.5;
        record.Tools = """[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}]""";
        record.ToolChoice = "\"auto\"";
        record.ToolCalls = """[{"id":"c1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}]""";
        record.Choices = """[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"stop"}]""";
        record.Usage = """{"prompt_tokens":5,  "completion_tokens":2,"total_tokens":7}""";
        record.StreamMetadata = """{"done_received":true,"keepalive_comments":3}""";
        record.ResponseHeaders = """{"content-type":"text/event-stream"}""";
        record.Error = null;
        record.Response = """{"id":"r1",  "object":"chat.completion"}""";
        record.RequestBody = """{ "model" : "gpt-4o", "messages":[{"role":"user","content":"Hello there"}] }""";
        record.ResponseBody = "data: {\"id\":\"r1\"}\n\ndata: [DONE]\n\n";
        record.Tags = ",support,v2,";
        record.DoneReceived = true;
        record.KeepAliveCount = 3;
        return record;
    }

    private static IEnumerable<(string? Expected, string? Actual)> JsonPairs(LlmRequest written, LlmRequest read) =>
    [
        (written.Messages, read.Messages), (written.Tools, read.Tools), (written.ToolChoice, read.ToolChoice),
        (written.ToolCalls, read.ToolCalls), (written.Choices, read.Choices), (written.Usage, read.Usage),
        (written.StreamMetadata, read.StreamMetadata), (written.ResponseHeaders, read.ResponseHeaders),
    ];
}
