using System.Text.Json.Nodes;
using LlmIntercept.Plugins.Tests.Infrastructure;
using LlmIntercept.Store.Queries;
using LlmIntercept.Store;

namespace LlmIntercept.Plugins.Tests.Export;

/// <summary>The jsonl.zst plugin end to end: SQLite store, export service, file read back with the zstd tool.</summary>
public abstract class JsonlZstdExportTests(DatabaseProvider provider)
{
    [Fact]
    public async Task ExportAsync_SampleStore_EveryLineMatchesTheStoredRow()
    {
        await using var store = await TestStore.CreateAsync(provider);
        var (rows, expected) = SampleRows.Create();
        await store.InsertAsync(rows);

        var (path, summary) = await StoreExport.ToFileAsync(store, "jsonl.zst");
        var lines = await ZstdTool.ReadLinesAsync(path);

        Assert.Equal(expected.Count, lines.Length);
        Assert.Equal(expected.Count, summary.RowsWritten);
        Assert.Equal(expected.Count + SampleRows.ExpectedSkips.Values.Sum(), summary.RowsRead);
        Assert.Equal(SampleRows.ExpectedSkips.OrderBy(s => s.Key), summary.Skipped.OrderBy(s => s.Key));
        for (var i = 0; i < lines.Length; i++)
        {
            AssertLine(expected[i], JsonNode.Parse(lines[i])!.AsObject());
        }
    }

    [Fact]
    public async Task ExportAsync_NoSystemPrompt_LinesHaveNoSystemMessages()
    {
        await using var store = await TestStore.CreateAsync(provider);
        await store.InsertAsync([Requests.Complete(
            """[{"role":"system","content":"Secret rules"},{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]""")]);

        var (path, _) = await StoreExport.ToFileAsync(store, "jsonl.zst", includeSystemPrompts: false);

        var line = Assert.Single(await ZstdTool.ReadLinesAsync(path));
        SampleRows.AssertMessages(
            """[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"}]""",
            JsonNode.Parse(line)!["messages"]!.ToJsonString());
    }

    [Fact]
    public async Task ExportAsync_Filter_ExportsOnlyMatchingRows()
    {
        await using var store = await TestStore.CreateAsync(provider);
        await store.InsertAsync(
        [
            Requests.Complete(Requests.Turn("apples", "red"), model: "m1", timestamp: Requests.Start),
            Requests.Complete(Requests.Turn("bananas", "yellow"), model: "m2", timestamp: Requests.Start.AddDays(1)),
            Requests.Complete(Requests.Turn("cherries", "red"), model: "m1", timestamp: Requests.Start.AddDays(2)),
        ]);
        var filter = new RequestFilter { Models = ["m1"], From = Requests.Start.AddHours(1) };

        var (path, summary) = await StoreExport.ToFileAsync(store, "jsonl.zst", filter: filter);

        var line = Assert.Single(await ZstdTool.ReadLinesAsync(path));
        Assert.Contains("cherries", line);
        Assert.Equal(1, summary.RowsRead);
    }

    [Fact]
    public async Task ExportAsync_EmptySelection_WritesAValidEmptyFile()
    {
        await using var store = await TestStore.CreateAsync(provider);

        var (path, summary) = await StoreExport.ToFileAsync(store, "jsonl.zst");

        Assert.Empty(await ZstdTool.ReadLinesAsync(path));
        Assert.Equal(0, summary.RowsWritten);
    }

    [Fact]
    public async Task ExportAsync_BadLevelOption_ThrowsNamingTheOption()
    {
        await using var store = await TestStore.CreateAsync(provider);
        await store.InsertAsync([Requests.Complete(Requests.Turn("a", "b"))]);

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => StoreExport.ToFileAsync(store, "jsonl.zst", new Dictionary<string, string> { ["level"] = "99" }));

        Assert.Equal("jsonl.zst option 'level' must be a whole number from 1 to 19, not '99'", error.Message);
    }

    [Theory]
    [InlineData("jsonl.zst", "levle", "jsonl.zst has no option 'levle'; it takes level (1-19)")]
    [InlineData("jsonl.zst", "compression", "jsonl.zst has no option 'compression'; it takes level (1-19)")]
    [InlineData("parquet", "level", "parquet has no option 'level'; it takes compression (snappy, zstd, gzip, lz4 or none)")]
    public async Task ExportAsync_OptionTheFormatDoesNotHave_ThrowsNamingIt(string format, string key, string message)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await store.InsertAsync([Requests.Complete(Requests.Turn("a", "b"))]);

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => StoreExport.ToFileAsync(store, format, new Dictionary<string, string> { [key] = "1" }));

        Assert.Equal(message, error.Message);
    }

    private static void AssertLine(ExpectedRow expected, JsonObject line)
    {
        var keys = new List<string> { "messages", "model", "timestamp" };
        if (expected.Tools is not null)
        {
            keys.Add("tools");
        }

        if (expected.ToolCalls is not null)
        {
            keys.Add("tool_calls");
        }

        Assert.Equal(keys.Order(), line.Select(p => p.Key).Order());
        SampleRows.AssertMessages(expected.Messages, line["messages"]!.ToJsonString());
        Assert.Equal(expected.Model, (string?)line["model"]);
        Assert.Equal(expected.Timestamp, DateTime.Parse((string)line["timestamp"]!, null, System.Globalization.DateTimeStyles.RoundtripKind));
        Assert.Equal(DateTimeKind.Utc, DateTime.Parse((string)line["timestamp"]!, null, System.Globalization.DateTimeStyles.RoundtripKind).Kind);
        if (expected.Tools is not null)
        {
            SampleRows.AssertMessages(expected.Tools, line["tools"]!.ToJsonString());
        }

        if (expected.ToolCalls is not null)
        {
            SampleRows.AssertMessages(expected.ToolCalls, line["tool_calls"]!.ToJsonString());
        }
    }
}

public sealed class SqliteJsonlZstdExportTests() : JsonlZstdExportTests(DatabaseProvider.Sqlite);

public sealed class PostgresJsonlZstdExportTests() : JsonlZstdExportTests(DatabaseProvider.PostgreSql);
