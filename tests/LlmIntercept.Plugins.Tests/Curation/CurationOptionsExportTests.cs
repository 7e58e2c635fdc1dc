using System.Text.Json.Nodes;
using LlmIntercept.Plugins.Hosting;
using LlmIntercept.Plugins.Tests.Infrastructure;

namespace LlmIntercept.Plugins.Tests.Curation;

/// <summary>Each curation option against a known store, checked row by row in the file read back.</summary>
public sealed class CurationOptionsExportTests
{
    [Fact]
    public async Task Export_NoOptions_WritesEveryRowInIdOrderWithAReport()
    {
        await using var store = await CreateStoreAsync();

        var (lines, summary) = await ExportAsync(store, new CurationOptions());

        Assert.Equal(["What is 2+2?", "What is 2+2?", "What is 2+2?", CurationRows.LongPrompt, "Hi", "Weather in Oslo?"],
            lines.Select(CurationRows.Prompt));
        Assert.Equal(6, summary.RowsWritten);
        Assert.Empty(summary.Skipped);
        Assert.Null(summary.TrainRows);
        Assert.Equal(new Dictionary<string, long> { ["m1"] = 3, ["m2"] = 2, ["m3"] = 1 }, Sorted(summary.RowsPerModel));
        Assert.Equal(new Dictionary<string, long> { ["long"] = 1, ["math"] = 2, ["support"] = 1 }, Sorted(summary.RowsPerTag));
    }

    [Fact]
    public async Task Export_Deduplicate_DropsTheRepeatedConversationOnly()
    {
        await using var store = await CreateStoreAsync();

        var (lines, summary) = await ExportAsync(store, new CurationOptions { Deduplicate = true });

        Assert.Equal(["4", "Four.", "ok", "Yo", null], lines.Select(CurationRows.Reply));
        Assert.Equal(1, summary.Skipped["duplicate"]);
        Assert.Equal(1, summary.DuplicatesRemoved);
        Assert.Equal(5, summary.RowsWritten);
        Assert.Equal(2, summary.RowsPerModel["m1"]);
    }

    [Fact]
    public async Task Export_DeduplicatePrompts_KeepsTheLatestReplyNewestFirst()
    {
        await using var store = await CreateStoreAsync();

        var (lines, summary) = await ExportAsync(store, new CurationOptions { DeduplicatePrompts = true });

        Assert.Equal(["Weather in Oslo?", "Hi", CurationRows.LongPrompt, "What is 2+2?"], lines.Select(CurationRows.Prompt));
        Assert.Equal("Four.", CurationRows.Reply(lines[3]));
        Assert.Equal("m2", (string?)lines[3]["model"]);
        Assert.Equal(2, summary.Skipped["duplicate_prompt"]);
        Assert.Equal(2, summary.DuplicatesRemoved);
    }

    [Fact]
    public async Task Export_TokenBounds_SkipsTooShortAndTooLong()
    {
        await using var store = await CreateStoreAsync();

        // "Hi"+"Yo" is 4 characters: 1 token + 4 per message = 9; the long prompt is 4000 + 2 characters: 1001 + 8.
        var (lines, summary) = await ExportAsync(store, new CurationOptions { MinTokens = 10, MaxTokens = 1000 });

        Assert.Equal(["What is 2+2?", "What is 2+2?", "What is 2+2?", "Weather in Oslo?"], lines.Select(CurationRows.Prompt));
        Assert.Equal(1, summary.Skipped["too_short"]);
        Assert.Equal(1, summary.Skipped["too_long"]);
    }

    [Fact]
    public async Task Export_TokenBoundsAtTheExactLengths_KeepsBoth()
    {
        await using var store = await CreateStoreAsync();

        var (lines, _) = await ExportAsync(store, new CurationOptions { MinTokens = 9, MaxTokens = 1009 });

        Assert.Equal(6, lines.Count);
    }

    [Fact]
    public async Task Export_Report_HasTheTokenLengthDistribution()
    {
        await using var store = await CreateStoreAsync();

        var (_, summary) = await ExportAsync(store, new CurationOptions());

        var lengths = summary.TokenLengths;
        Assert.Equal(6, lengths.Count);
        Assert.Equal(9, lengths.Min);
        Assert.Equal(1009, lengths.Max);
        Assert.Equal(1, lengths.Buckets.Single(b => b.UpperTokens == 1024).Count);
        Assert.Equal(5, lengths.Buckets.Single(b => b.UpperTokens == 64).Count);
        Assert.Equal(6, lengths.Buckets.Sum(b => b.Count));
    }

    [Fact]
    public async Task Export_ValidationRatioAsColumn_EveryLineCarriesItsSplit()
    {
        await using var store = await CreateStoreAsync();

        var (lines, summary) = await ExportAsync(store, new CurationOptions { ValidationRatio = 0.5 });

        var splits = lines.Select(line => (string?)line["split"]).ToList();
        Assert.All(splits, split => Assert.True(split is "train" or "validation", $"split {split}"));
        Assert.Equal(summary.ValidationRows, splits.Count(s => s == "validation"));
        Assert.Equal(summary.TrainRows, splits.Count(s => s == "train"));

        // The same conversation stored twice lands in the same split.
        Assert.Equal(splits[0], splits[1]);
    }

    [Fact]
    public async Task Export_ValidationRatioAsFiles_PartitionsTheRowsLikeTheColumn()
    {
        await using var store = await CreateStoreAsync();
        var options = new CurationOptions { ValidationRatio = 0.5 };

        var (columnLines, _) = await ExportAsync(store, options);
        var (train, validation, summary) = await StoreExport.ToTwoFilesAsync(store, "jsonl.zst", options);

        var trainLines = (await ZstdTool.ReadLinesAsync(train)).Select(l => JsonNode.Parse(l)!).ToList();
        var validationLines = (await ZstdTool.ReadLinesAsync(validation)).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(6, summary.RowsWritten);
        Assert.Equal(summary.TrainRows, trainLines.Count);
        Assert.Equal(summary.ValidationRows, validationLines.Count);
        Assert.All(trainLines.Concat(validationLines), line => Assert.Null(line["split"]));
        Assert.Equal(
            columnLines.Where(l => (string?)l["split"] == "validation").Select(l => l["messages"]!.ToJsonString()),
            validationLines.Select(l => l["messages"]!.ToJsonString()));
        Assert.Equal(
            columnLines.Where(l => (string?)l["split"] == "train").Select(l => l["messages"]!.ToJsonString()),
            trainLines.Select(l => l["messages"]!.ToJsonString()));
    }

    [Fact]
    public async Task Export_ParquetWithSplitAndFlavour_HasSplitAndRecordColumns()
    {
        await using var store = await CreateStoreAsync();
        var options = new CurationOptions { ValidationRatio = 0.5, Flavour = TrainingFlavour.Trl };

        var (path, summary) = await StoreExport.ToFileAsync(store, "parquet", curation: options);

        var columns = DuckDbParquet.Describe(path);
        Assert.Equal(["messages", "model", "timestamp", "tool_calls", "tools", "split", "record"], columns.Keys);
        Assert.Equal(summary.ValidationRows, Convert.ToInt64(
            DuckDbParquet.Scalar(path, "SELECT count(*) FROM read_parquet({path}) WHERE split = 'validation'"),
            System.Globalization.CultureInfo.InvariantCulture));
        var record = (string)DuckDbParquet.Scalar(path, "SELECT record FROM read_parquet({path}) WHERE model = 'm3'")!;
        Assert.Equal("Oslo", (string?)JsonNode.Parse(record)!["messages"]![1]!["tool_calls"]![0]!["function"]!["arguments"]!["city"]);
    }

    [Fact]
    public async Task Export_InvalidOptions_AreRejectedNamingTheOption()
    {
        await using var store = await CreateStoreAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => ExportAsync(store, new CurationOptions { ValidationRatio = 1.5, MinTokens = 10, MaxTokens = 5 }));

        Assert.Contains("validationRatio", error.Message);
        Assert.Contains("minTokens (10) must not exceed maxTokens (5)", error.Message);
    }

    internal static async Task<TestStore> CreateStoreAsync()
    {
        var store = await TestStore.CreateAsync();
        await store.InsertAsync(CurationRows.Create());
        return store;
    }

    internal static async Task<(List<JsonNode> Lines, ExportSummary Summary)> ExportAsync(
        TestStore store,
        CurationOptions options)
    {
        var (path, summary) = await StoreExport.ToFileAsync(store, "jsonl.zst", curation: options);
        var lines = (await ZstdTool.ReadLinesAsync(path)).Select(line => JsonNode.Parse(line)!).ToList();
        Assert.Equal(summary.RowsWritten, lines.Count);
        return (lines, summary);
    }

    private static SortedDictionary<string, long> Sorted(IReadOnlyDictionary<string, long> counts) =>
        new(counts.ToDictionary(), StringComparer.Ordinal);
}
