using System.Text.Json.Nodes;
using LlmIntercept.Plugins.Hosting;
using LlmIntercept.Plugins.Hosting.Export;
using LlmIntercept.Plugins.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace LlmIntercept.Plugins.Tests.Export;

/// <summary>A row edited by hand into something no trainer can read is skipped with its reason; the export goes on.</summary>
public sealed class MalformedRowExportTests
{
    [Theory]
    [InlineData("jsonl.zst", TrainingFlavour.None, true)]
    [InlineData("jsonl.zst", TrainingFlavour.None, false)]
    [InlineData("jsonl.zst", TrainingFlavour.OpenAI, true)]
    [InlineData("jsonl.zst", TrainingFlavour.ShareGpt, true)]
    [InlineData("parquet", TrainingFlavour.Trl, false)]
    public async Task Export_HandEditedRows_AreSkippedByReasonAndTheRestIsWritten(
        string format,
        TrainingFlavour flavour,
        bool includeSystemPrompts)
    {
        await using var store = await TestStore.CreateAsync();
        await store.InsertAsync(
        [
            Requests.Complete(Requests.Turn("first", "one")),
            Requests.Complete(Requests.Turn("second", "two")),
            Requests.Complete(Requests.Turn("third", "three")),
            Requests.Complete(Requests.Turn("fourth", "four")),
            Requests.Complete(Requests.Turn("fifth", "five")),
        ]);
        const string RepeatedNames = """
            [{"role":"system","content":"a","content":"b"},{"role":"user","content":"x","content":"y"},
             {"role":"assistant","content":"z"}]
            """;
        await UpdateAsync(store, 2, "messages", RepeatedNames);
        await UpdateAsync(store, 3, "messages", """[{"role":5,"content":"x"},{"role":"assistant","content":"z"}]""");
        await UpdateAsync(store, 4, "timestamp", "yesterday");

        var (path, summary) = await StoreExport.ToFileAsync(
            store, format, includeSystemPrompts: includeSystemPrompts, curation: new CurationOptions { Flavour = flavour });

        Assert.Equal(5, summary.RowsRead);
        Assert.Equal(2, summary.RowsWritten);
        Assert.Equal(2, summary.Skipped[SkipReasons.MalformedMessages]);
        Assert.Equal(1, summary.Skipped[SkipReasons.UnreadableTimestamp]);
        if (format == "jsonl.zst")
        {
            var contents = (await ZstdTool.ReadLinesAsync(path)).Select(l => JsonNode.Parse(l)!.ToJsonString()).ToList();
            Assert.Equal(2, contents.Count);
            Assert.Contains("first", contents[0], StringComparison.Ordinal);
            Assert.Contains("fifth", contents[1], StringComparison.Ordinal);
        }
    }

    private static async Task UpdateAsync(TestStore store, long id, string column, string value)
    {
        await using var connection = new SqliteConnection(store.Url.ConnectionString);
        await connection.OpenAsync();
        await using var update = connection.CreateCommand();
        update.CommandText = $"UPDATE llm_requests SET {column} = $value WHERE id = $id";
        update.Parameters.AddWithValue("$value", value);
        update.Parameters.AddWithValue("$id", id);
        Assert.Equal(1, await update.ExecuteNonQueryAsync());
    }
}
