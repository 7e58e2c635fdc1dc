using System.Globalization;
using LlmIntercept.Plugins.Hosting.Export;
using LlmIntercept.Plugins.Tests.Infrastructure;
using LlmIntercept.Store;
using LlmIntercept.Store.Queries;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LlmIntercept.Plugins.Tests.Export;

/// <summary>The SQLite data-reader path reads the same export rows as EF Core's materialisation.</summary>
public sealed class ExportRowReaderTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReadAsync_TrickyRows_EqualEfCoreRows(bool newestFirst)
    {
        await using var store = await TestStore.CreateAsync();
        await store.InsertAsync(TrickyRows());

        var (viaEf, viaReader) = await ReadBothAsync(store, new RequestFilter(), newestFirst);

        Assert.Equal(TrickyRows().Count, viaReader.Count);
        Assert.Equal(viaEf, viaReader);
        Assert.Contains(viaReader, r => r.Messages is null && r.Model is null && r.Reasoning is null);
        Assert.Contains(viaReader, r => r.Timestamp == new DateTime(2026, 5, 6, 7, 8, 9));
        Assert.Contains(viaReader, r => r.Timestamp == new DateTime(2026, 5, 6, 7, 8, 9).AddTicks(1));
    }

    [Fact]
    public async Task ReadAsync_SearchAndTagFilters_EqualEfCoreRows()
    {
        await using var store = await TestStore.CreateAsync();
        await store.InsertAsync(TrickyRows());

        var filter = new RequestFilter { Search = "Zürich", Tags = ["support"] };
        var (viaEf, viaReader) = await ReadBothAsync(store, filter, newestFirst: false);

        Assert.Single(viaReader);
        Assert.Equal(viaEf, viaReader);
    }

    public static TheoryData<string> Filters => new(FilterCases.Keys);

    private static readonly Dictionary<string, RequestFilter> FilterCases = new()
    {
        ["from"] = new RequestFilter { From = new DateTime(2026, 5, 6, 7, 8, 9, DateTimeKind.Utc) },
        ["from, exclusive by one tick"] = new RequestFilter { From = new DateTime(2026, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddTicks(1) },
        ["to"] = new RequestFilter { To = new DateTime(2026, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddTicks(1) },
        ["from and to"] = new RequestFilter
        {
            From = new DateTime(2026, 5, 6, 7, 8, 8, 999, DateTimeKind.Utc),
            To = new DateTime(2026, 5, 7, 7, 8, 9, DateTimeKind.Utc),
        },
        ["models"] = new RequestFilter { Models = ["model-a", "model-b"] },
        ["outcomes"] = new RequestFilter { Outcomes = [RequestOutcome.Complete, RequestOutcome.Refusal] },
        ["stream"] = new RequestFilter { Stream = false },
        ["tool calls"] = new RequestFilter { HasToolCalls = true },
        ["status"] = new RequestFilter { Status = "success" },
        ["starred, excluded"] = new RequestFilter { Starred = false, Excluded = true },
        ["search with quotes"] = new RequestFilter { Search = "\"quoted\" line" },
        ["everything"] = new RequestFilter
        {
            From = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            To = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            Models = ["model-a"],
            Tags = ["support"],
            Search = "Zürich",
            Excluded = false,
        },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task ReadAsync_EveryFilter_IsBoundByTheCursorAndEqualsEfCoreRows(string name)
    {
        await using var store = await TestStore.CreateAsync();
        await store.InsertAsync(TrickyRows());
        var filter = FilterCases[name];

        var (viaEf, viaReader) = await ReadBothAsync(store, filter, newestFirst: false);

        Assert.Equal(viaEf, viaReader);
        Assert.True(await CursorBindsAsync(store, filter), $"the cursor could not bind the '{name}' query");
    }

    [Fact]
    public async Task ReadAsync_FiltersThatMatch_SelectTheRowsEfCoreSelects()
    {
        // A check that the cases above do select something: an empty list on both sides would prove nothing.
        await using var store = await TestStore.CreateAsync();
        await store.InsertAsync(TrickyRows());

        var counts = new Dictionary<string, int>();
        foreach (var (name, filter) in FilterCases)
        {
            counts[name] = (await ReadBothAsync(store, filter, newestFirst: true)).ViaReader.Count;
        }

        Assert.Equal(3, counts["from"]);
        Assert.Equal(2, counts["from, exclusive by one tick"]);
        Assert.Equal(3, counts["to"]);
        Assert.Equal(3, counts["from and to"]);
        Assert.Equal(1, counts["everything"]);
        Assert.Equal(1, counts["search with quotes"]);
    }

    [Theory]
    [InlineData("2026-05-06T07:08:09Z")]
    [InlineData("2026-05-06 07:08:09+02:00")]
    [InlineData("2026-05-06")]
    public async Task ReadAsync_TimestampWrittenByHandInAnotherForm_ReadsAsEfCoreReadsIt(object stored)
    {
        await using var store = await TestStore.CreateAsync();
        await store.InsertAsync(TrickyRows());
        await using (var connection = new SqliteConnection(store.Url.ConnectionString))
        {
            await connection.OpenAsync();
            await using var update = connection.CreateCommand();
            update.CommandText = "UPDATE llm_requests SET timestamp = $value WHERE id IN (1, 3)";
            update.Parameters.AddWithValue("$value", stored);
            Assert.Equal(2, await update.ExecuteNonQueryAsync());
        }

        var (viaEf, viaReader) = await ReadBothAsync(store, new RequestFilter(), newestFirst: false);

        Assert.Equal(viaEf, viaReader);
        Assert.Equal(viaEf[0].Timestamp, viaReader[0].Timestamp);
        Assert.Equal(viaEf[0].Timestamp.Kind, viaReader[0].Timestamp.Kind);
    }

    [Fact]
    public async Task TryOpen_ParameterOfAnotherKind_GivesNoCursor()
    {
        await using var store = await TestStore.CreateAsync();
        await using var connection = new SqliteConnection(store.Url.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM llm_requests WHERE id = @id OR response_id = @key";
        command.Parameters.AddWithValue("@id", 1m);
        command.Parameters.AddWithValue("@key", Guid.NewGuid());

        using var cursor = SqliteRowCursor.TryOpen(command);

        Assert.Null(cursor);
    }

    [Fact]
    public async Task TryOpen_BadSql_ThrowsTheSqliteError()
    {
        await using var store = await TestStore.CreateAsync();
        await using var connection = new SqliteConnection(store.Url.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT missing_column FROM llm_requests";

        var error = Assert.Throws<SqliteException>(() => SqliteRowCursor.TryOpen(command));

        Assert.Contains("no such column: missing_column", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-11-04 05:46:07.8601358")]
    [InlineData("2026-11-04 05:46:07.86")]
    [InlineData("2026-11-04 05:46:07.0000001")]
    [InlineData("2026-11-04 05:46:07")]
    [InlineData("0001-01-01 00:00:00")]
    [InlineData("2024-02-29 23:59:59.9999999")]
    public void StoredTimestamp_EfCoreSqliteText_EqualsTheGeneralParser(string text)
    {
        Assert.True(StoredTimestamp.TryParse(text, out var value));

        var expected = DateTime.Parse(text, CultureInfo.InvariantCulture);
        Assert.Equal(expected, value);
        Assert.Equal(expected.Kind, value.Kind);
    }

    [Theory]
    [InlineData("2026-11-04T05:46:07")]
    [InlineData("2026-11-04 05:46:07Z")]
    [InlineData("2026-11-04 05:46:07.")]
    [InlineData("2026-11-04 05:46:07.12345678")]
    [InlineData("2023-02-29 00:00:00")]
    [InlineData("2026-13-04 05:46:07")]
    [InlineData("2026-11-04 24:00:00")]
    [InlineData("2026-11-04 05:46")]
    [InlineData("２026-11-04 05:46:07")]
    public void StoredTimestamp_OtherText_IsLeftToTheGeneralParser(string text)
    {
        Assert.False(StoredTimestamp.TryParse(text, out _));
    }

    private static async Task<(List<ExportRow> ViaEf, List<ExportRow> ViaReader)> ReadBothAsync(
        TestStore store,
        RequestFilter filter,
        bool newestFirst)
    {
        var contexts = store.Services.GetRequiredService<IDbContextFactory<InterceptDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        var viaEf = await DatasetExportService.Query(db, filter, newestFirst).ToListAsync();
        var viaReader = new List<ExportRow>();
        await foreach (var row in ExportRowReader.ReadAsync(db, DatasetExportService.Query(db, filter, newestFirst), default))
        {
            viaReader.Add(row);
        }

        return (viaEf, viaReader);
    }

    private static async Task<bool> CursorBindsAsync(TestStore store, RequestFilter filter)
    {
        var contexts = store.Services.GetRequiredService<IDbContextFactory<InterceptDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        await using var command = DatasetExportService.Query(db, filter, newestFirst: false).CreateDbCommand();
        await db.Database.OpenConnectionAsync();
        using var cursor = SqliteRowCursor.TryOpen((SqliteCommand)command);
        return cursor is not null;
    }

    private static List<LlmRequest> TrickyRows()
    {
        var start = new DateTime(2026, 5, 6, 7, 8, 9, DateTimeKind.Utc);
        var withEverything = Requests.Complete(
            """[{"role":"user","content":"Wetter in Zürich? 日本 🚀"},{"role":"assistant","content":null,"reasoning":"tool","tool_calls":[{"id":"c","type":"function","function":{"name":"w","arguments":"{\"q\":\"Zürich\"}"}}]}]""",
            "tool_calls",
            tools: """[{"type":"function","function":{"name":"w"}}]""",
            toolCalls: """[{"id":"c","type":"function","function":{"name":"w","arguments":"{\"q\":\"Zürich\"}"}}]""",
            timestamp: start.AddTicks(1),
            reasoning: "Ich brauche das Werkzeug. ✓");
        withEverything.ResponseModel = "w-model-2026";
        withEverything.Tags = ",support,v2,";
        var nulls = Requests.Complete("[]", finishReason: null, model: null, timestamp: start, outcome: RequestOutcome.UpstreamError);
        nulls.Messages = null;
        var excluded = Requests.Complete(Requests.Turn("Hi", "Hello"), timestamp: start.AddDays(1), toolArgumentsValid: false);
        excluded.Excluded = true;
        return
        [
            withEverything,
            nulls,
            excluded,
            Requests.Complete(Requests.Turn("\"quoted\" \\ and \n line", "Ça va"), timestamp: start.AddMilliseconds(-1)),
            Requests.Complete(Requests.Turn("Refuse", ""), outcome: RequestOutcome.Refusal, timestamp: start.AddYears(-3)),
        ];
    }
}
