using System.Diagnostics;
using LlmIntercept.Plugins.Tests.Infrastructure;
using LlmIntercept.Store;
using Xunit.Abstractions;

namespace LlmIntercept.Plugins.Tests.Export;

/// <summary>
/// A 100k-row store streams through the export in row groups. Peak memory and time are printed for whoever
/// benchmarks; they are not asserted, since the machine's load decides them.
/// </summary>
public sealed class LargeExportTests(ITestOutputHelper output)
{
    private const int Rows = 100_000;
    private const int BatchSize = 10_000;

    [Fact]
    public async Task ExportAsync_HundredThousandRows_WritesThemAllInRowGroups()
    {
        await using var store = await TestStore.CreateAsync();
        await InsertAsync(store);
        var progress = new PeakMemoryProgress();

        var clock = Stopwatch.StartNew();
        var (path, summary) = await StoreExport.ToFileAsync(store, "parquet", progress: progress);
        clock.Stop();

        Assert.Equal(Rows, summary.RowsRead);
        Assert.Equal(Rows - Rows / 1000, summary.RowsWritten);
        Assert.Equal(Rows / 1000, summary.Skipped["finish_reason_length"]);
        Assert.Equal((long)summary.RowsWritten, Convert.ToInt64(DuckDbParquet.Scalar(path, "SELECT count(*) FROM read_parquet({path})")));
        // 99,900 rows in groups of 5,000.
        Assert.Equal(20L, Convert.ToInt64(DuckDbParquet.Scalar(path, "SELECT count(DISTINCT row_group_id) FROM parquet_metadata({path})")));
        // Both queries lean on row-group statistics: DuckDB prunes groups by their min and max timestamps.
        var half = $"{Requests.Start.AddSeconds(Rows / 2):yyyy-MM-dd HH:mm:ss.fff}+00";
        Assert.Equal(
            (long)Rows / 2 - Rows / 2000,
            Convert.ToInt64(DuckDbParquet.Scalar(
                path, $"SELECT count(*) FROM read_parquet({{path}}) WHERE timestamp >= TIMESTAMPTZ '{half}'")));
        Assert.Equal(
            "Row 99998 ✓",
            DuckDbParquet.Scalar(path, "SELECT messages->>'$[1].content' FROM read_parquet({path}) ORDER BY timestamp DESC LIMIT 1"));
        Assert.Equal(summary.RowsWritten, progress.Last);
        Assert.True(progress.Reports >= 10, $"progress was reported {progress.Reports} times");

        output.WriteLine(
            $"exported {summary.RowsWritten} rows in {clock.Elapsed.TotalSeconds:F1} s; peak managed heap during export "
            + $"{progress.PeakHeapBytes / 1024 / 1024} MiB; process peak working set "
            + $"{Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024} MiB; file {new FileInfo(path).Length / 1024} KiB");
    }

    private static async Task InsertAsync(TestStore store)
    {
        for (var start = 0; start < Rows; start += BatchSize)
        {
            var batch = new List<LlmRequest>(BatchSize);
            for (var i = start; i < start + BatchSize; i++)
            {
                batch.Add(Requests.Complete(
                    Requests.Turn($"Prompt {i}: summarise the meeting notes in three bullet points.", $"Row {i} ✓"),
                    finishReason: i % 1000 == 999 ? "length" : "stop",
                    model: $"model-{i % 5}",
                    timestamp: Requests.Start.AddSeconds(i)));
            }

            await store.InsertAsync(batch);
        }
    }

    private sealed class PeakMemoryProgress : IProgress<long>
    {
        public long Last { get; private set; }

        public int Reports { get; private set; }

        public long PeakHeapBytes { get; private set; }

        public void Report(long value)
        {
            Last = value;
            Reports++;
            PeakHeapBytes = Math.Max(PeakHeapBytes, GC.GetTotalMemory(forceFullCollection: false));
        }
    }
}
