using System.Text;
using LlmIntercept.Plugins.Hosting;
using LlmIntercept.Plugins.Tests.Infrastructure;
using LlmIntercept.Store;
using LlmIntercept.Store.Queries;
using Microsoft.Extensions.DependencyInjection;

namespace LlmIntercept.Plugins.Tests.Catalog;

/// <summary>A user's own exporter, built outside the solution and dropped into the plugins folder.</summary>
public sealed class CustomExporterPluginTests(CsvPluginBuild csvPlugin) : IClassFixture<CsvPluginBuild>, IDisposable
{
    private static readonly TimeSpan ReloadTimeout = TimeSpan.FromSeconds(20);

    private readonly string pluginsDirectory = Directory.CreateTempSubdirectory("llm-intercept-custom-").FullName;

    [Fact]
    public async Task ExportAsync_DroppedInCsvPlugin_WritesTheStoredConversations()
    {
        csvPlugin.CopyInto(pluginsDirectory);
        await using var store = await TestStore.CreateAsync();
        await store.InsertAsync(
        [
            Requests.Complete(Requests.Turn("Say \"hi\"", "hi"), model: "model-a", timestamp: Requests.Start),
            Requests.Complete(Requests.Turn("Too long", "..."), finishReason: "length"),
            Requests.Complete(Requests.Turn("2+2?", "4"), model: "model-b", timestamp: Requests.Start.AddMinutes(1)),
        ]);
        await using var services = PluginHost.Create(store.Url, pluginsDirectory);
        var exports = services.GetRequiredService<IDatasetExportService>();

        using var output = new MemoryStream();
        var summary = await exports.ExportAsync(new ExportRequest("csv", new RequestFilter()), output, null, default);

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
        [
            "id,timestamp,model,messages",
            "1,2026-01-02T03:04:05.6780000+00:00,\"model-a\","
                + Csv("""[{"role":"user","content":"Say \"hi\""},{"role":"assistant","content":"hi"}]"""),
            "3,2026-01-02T03:05:05.6780000+00:00,\"model-b\","
                + Csv("""[{"role":"user","content":"2+2?"},{"role":"assistant","content":"4"}]"""),
        ],
        lines);
        Assert.Equal(3, summary.RowsRead);
        Assert.Equal(2, summary.RowsWritten);
        Assert.Equal(1, Assert.Single(summary.Skipped, s => s.Key == "finish_reason_length").Value);
        Assert.Single(summary.Skipped);
    }

    [Fact]
    public void Catalog_PluginFolderRemoved_FormatIsGoneOnNextStart()
    {
        var folder = csvPlugin.CopyInto(pluginsDirectory);
        using (var first = PluginHost.CreateWithoutStore(pluginsDirectory))
        {
            Assert.NotNull(first.GetRequiredService<IPluginCatalog>().FindExporter("csv"));
        }

        Directory.Delete(folder, recursive: true);
        using var second = PluginHost.CreateWithoutStore(pluginsDirectory);

        Assert.Null(second.GetRequiredService<IPluginCatalog>().FindExporter("csv"));
    }

    [Fact]
    public async Task Catalog_ReloadModeFolderRemoved_RaisesChangedAndDropsFormat()
    {
        var folder = csvPlugin.CopyInto(pluginsDirectory);
        using var services = PluginHost.CreateWithoutStore(pluginsDirectory, reload: true);
        var catalog = services.GetRequiredService<IPluginCatalog>();
        Assert.NotNull(catalog.FindExporter("csv"));
        var changed = WaitForChange(catalog, c => c.FindExporter("csv") is null);

        Directory.Delete(folder, recursive: true);

        await changed.WaitAsync(ReloadTimeout);
        Assert.Empty(catalog.Exporters);
        Assert.Empty(catalog.Plugins);
    }

    [Fact]
    public async Task Catalog_ReloadModeFolderAdded_RaisesChangedAndServesFormat()
    {
        using var services = PluginHost.CreateWithoutStore(pluginsDirectory, reload: true);
        var catalog = services.GetRequiredService<IPluginCatalog>();
        Assert.Null(catalog.FindExporter("csv"));
        var changed = WaitForChange(catalog, c => c.FindExporter("csv") is not null);

        csvPlugin.CopyInto(pluginsDirectory);

        await changed.WaitAsync(ReloadTimeout);
        Assert.Equal("text/csv", catalog.FindExporter("csv")!.ContentType);
        Assert.Null(Assert.Single(catalog.Plugins).Error);
    }

    public void Dispose() => Directory.Delete(pluginsDirectory, recursive: true);

    private static string Csv(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static Task WaitForChange(IPluginCatalog catalog, Func<IPluginCatalog, bool> done)
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        catalog.Changed += (_, _) =>
        {
            if (done(catalog))
            {
                completion.TrySetResult();
            }
        };
        return completion.Task;
    }
}
