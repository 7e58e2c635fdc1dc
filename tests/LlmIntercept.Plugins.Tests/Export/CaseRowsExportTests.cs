using System.Text.Json.Nodes;
using LlmIntercept.Plugins.Tests.Infrastructure;
using LlmIntercept.Store;

namespace LlmIntercept.Plugins.Tests.Export;

/// <summary>Every capture case gives exactly the training row its case file shows, in both built-in formats.</summary>
public abstract class CaseRowsExportTests(DatabaseProvider provider)
{
    private static readonly List<CaseRow> Exported = CaseRows.All.Where(c => c.ExpectedRow is not null).ToList();

    [Fact]
    public async Task ExportAsync_JsonlZstd_CaseRowsMatchTheCaseFiles()
    {
        await using var store = await TestStore.CreateAsync(provider);
        await store.InsertAsync(CaseRows.All.Select(c => c.Stored).ToList());

        var (path, summary) = await StoreExport.ToFileAsync(store, "jsonl.zst");
        var lines = await ZstdTool.ReadLinesAsync(path);

        Assert.Equal(Exported.Count, lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = JsonNode.Parse(lines[i])!.AsObject();
            AssertRow(Exported[i], line["messages"]!.ToJsonString(), line["tools"]?.ToJsonString());
        }

        Assert.Equal(1, summary.Skipped["finish_reason_length"]);
        Assert.Equal(
            CaseRows.All.Count(c => c.Stored.Outcome is not (RequestOutcome.Complete or RequestOutcome.Refusal)),
            summary.Skipped["not_complete"]);
        Assert.Equal(CaseRows.All.Count, summary.RowsRead);
        Assert.Equal(summary.RowsRead, summary.RowsWritten + summary.Skipped.Values.Sum());
    }

    [Fact]
    public async Task ExportAsync_Parquet_CaseRowsMatchTheCaseFiles()
    {
        await using var store = await TestStore.CreateAsync(provider);
        await store.InsertAsync(CaseRows.All.Select(c => c.Stored).ToList());

        var (path, _) = await StoreExport.ToFileAsync(store, "parquet");
        var rows = DuckDbParquet.ReadRows(path);

        Assert.Equal(Exported.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            AssertRow(Exported[i], rows[i].Messages, rows[i].Tools);
        }
    }

    [Fact]
    public async Task ExportAsync_Case04_ToolCallsColumnHoldsBothCalls()
    {
        await using var store = await TestStore.CreateAsync(provider);
        await store.InsertAsync([CaseRows.All.Single(c => c.Name.StartsWith("04", StringComparison.Ordinal)).Stored]);

        var (path, _) = await StoreExport.ToFileAsync(store, "parquet");

        var calls = JsonNode.Parse(Assert.Single(DuckDbParquet.ReadRows(path)).ToolCalls!)!.AsArray();
        Assert.Equal(["call_A1", "call_B2"], calls.Select(c => (string?)c!["id"]));
        Assert.Equal("""{"tz":"Europe/Paris"}""", (string?)calls[1]!["function"]!["arguments"]);
    }

    private static void AssertRow(CaseRow expected, string messages, string? tools)
    {
        var row = JsonNode.Parse(expected.ExpectedRow!)!;
        Assert.True(
            JsonNode.DeepEquals(row["messages"], JsonNode.Parse(messages)),
            $"{expected.Name}: messages\nexpected {row["messages"]!.ToJsonString()}\nactual   {messages}");
        Assert.True(
            JsonNode.DeepEquals(row["tools"], tools is null ? null : JsonNode.Parse(tools)),
            $"{expected.Name}: tools\nexpected {row["tools"]?.ToJsonString()}\nactual   {tools}");
    }
}

public sealed class SqliteCaseRowsExportTests() : CaseRowsExportTests(DatabaseProvider.Sqlite);

public sealed class PostgresCaseRowsExportTests() : CaseRowsExportTests(DatabaseProvider.PostgreSql);
