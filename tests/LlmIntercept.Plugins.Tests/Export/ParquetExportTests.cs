using LlmIntercept.Plugins.Tests.Infrastructure;
using LlmIntercept.Store;

namespace LlmIntercept.Plugins.Tests.Export;

/// <summary>The parquet plugin end to end, read back with DuckDB.</summary>
public abstract class ParquetExportTests(DatabaseProvider provider)
{
    [Fact]
    public async Task ExportAsync_SampleStore_DuckDbReadsEveryStoredValue()
    {
        await using var store = await TestStore.CreateAsync(provider);
        var (rows, expected) = SampleRows.Create();
        await store.InsertAsync(rows);

        var (path, summary) = await StoreExport.ToFileAsync(store, "parquet");
        var read = DuckDbParquet.ReadRows(path);

        Assert.Equal(expected.Count, summary.RowsWritten);
        Assert.Equal(SampleRows.ExpectedSkips.OrderBy(s => s.Key), summary.Skipped.OrderBy(s => s.Key));
        Assert.Equal(expected.Count, read.Count);
        for (var i = 0; i < read.Count; i++)
        {
            SampleRows.AssertMessages(expected[i].Messages, read[i].Messages);
            Assert.Equal(expected[i].Model, read[i].Model);
            Assert.Equal(expected[i].Timestamp, read[i].Timestamp);
            Assert.Equal(expected[i].Tools is null, read[i].Tools is null);
            Assert.Equal(expected[i].ToolCalls is null, read[i].ToolCalls is null);
            if (expected[i].Tools is { } tools)
            {
                SampleRows.AssertMessages(tools, read[i].Tools!);
                SampleRows.AssertMessages(expected[i].ToolCalls!, read[i].ToolCalls!);
            }
        }
    }

    [Fact]
    public async Task ExportAsync_Default_IsSnappyWithTypedColumns()
    {
        await using var store = await TestStore.CreateAsync(provider);
        await store.InsertAsync([Requests.Complete(Requests.Turn("a", "b"))]);

        var (path, _) = await StoreExport.ToFileAsync(store, "parquet");

        Assert.Equal("SNAPPY", DuckDbParquet.Scalar(path, "SELECT DISTINCT compression FROM parquet_metadata({path})"));
        var columns = DuckDbParquet.Describe(path);
        Assert.Equal(["messages", "model", "timestamp", "tool_calls", "tools"], columns.Keys);
        Assert.Equal("VARCHAR", columns["messages"]);
        Assert.Equal("TIMESTAMP WITH TIME ZONE", columns["timestamp"]);
    }

    [Fact]
    public async Task ExportAsync_ZstdOption_CompressesWithZstd()
    {
        await using var store = await TestStore.CreateAsync(provider);
        await store.InsertAsync([Requests.Complete(Requests.Turn("a", "b"))]);

        var (path, _) = await StoreExport.ToFileAsync(
            store, "parquet", new Dictionary<string, string> { ["compression"] = "zstd" });

        Assert.Equal("ZSTD", DuckDbParquet.Scalar(path, "SELECT DISTINCT compression FROM parquet_metadata({path})"));
        Assert.Equal(1L, Convert.ToInt64(DuckDbParquet.Scalar(path, "SELECT count(*) FROM read_parquet({path})")));
    }
}

public sealed class SqliteParquetExportTests() : ParquetExportTests(DatabaseProvider.Sqlite);

public sealed class PostgresParquetExportTests() : ParquetExportTests(DatabaseProvider.PostgreSql);
