using System.Globalization;
using LlmIntercept.Plugins.Hosting.Export;
using LlmIntercept.Plugins.Tests.Infrastructure;
using LlmIntercept.Store;
using LlmIntercept.Store.Queries;
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
