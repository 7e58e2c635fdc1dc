using LlmIntercept.Plugins.Tests.Infrastructure;

namespace LlmIntercept.Plugins.Tests.Export;

/// <summary>
/// The dashboard streams exports into an HTTP response body: no seeking, no position, no synchronous I/O. Both
/// built-in exporters must write there, and the result must still be readable.
/// </summary>
public sealed class ResponseBodyOutputTests(BuiltPlugins plugins) : IClassFixture<BuiltPlugins>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("llm-intercept-body-").FullName;

    private static readonly TrainingExample[] Examples =
    [
        new() { Id = 1, Timestamp = Requests.Start, Model = "m", MessagesJson = Requests.Turn("streamed", "out") },
        new() { Id = 2, Timestamp = Requests.Start, Model = null, MessagesJson = Requests.Turn("second", "row") },
    ];

    [Fact]
    public async Task ExportAsync_ParquetIntoResponseBody_DuckDbReadsIt()
    {
        var path = await ExportThroughResponseBodyAsync("parquet");

        var rows = DuckDbParquet.ReadRows(path);
        Assert.Equal(["m", null], rows.Select(r => r.Model));
        SampleRows.AssertMessages(Examples[1].MessagesJson, rows[1].Messages);
    }

    [Fact]
    public async Task ExportAsync_JsonlZstdIntoResponseBody_ZstdReadsIt()
    {
        var path = await ExportThroughResponseBodyAsync("jsonl.zst");

        var lines = await ZstdTool.ReadLinesAsync(path);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("""{"messages":[{"role":"user","content":"second"}""", lines[1]);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private async Task<string> ExportThroughResponseBodyAsync(string format)
    {
        var exporter = plugins.Catalog.FindExporter(format)!;
        var path = Path.Combine(folder, "out" + exporter.FileExtension);
        await using var file = File.Create(path);

        var written = await exporter.ExportAsync(
            Examples.ToAsyncEnumerable(), new ForwardOnlyStream(file), new ExportContext(null, Examples.Length), default);

        Assert.Equal(2, written);
        return path;
    }
}
