using LlmIntercept.Plugins.Hosting;
using LlmIntercept.Store.Queries;
using Microsoft.Extensions.DependencyInjection;

namespace LlmIntercept.Plugins.Tests.Infrastructure;

/// <summary>Exports a test store to a file through the built plugins, as the dashboard and the CLI do.</summary>
internal static class StoreExport
{
    public static async Task<(string Path, ExportSummary Summary)> ToFileAsync(
        TestStore store,
        string format,
        IReadOnlyDictionary<string, string>? options = null,
        bool includeSystemPrompts = true,
        RequestFilter? filter = null,
        IProgress<long>? progress = null)
    {
        await using var services = PluginHost.Create(store.Url);
        var exports = services.GetRequiredService<IDatasetExportService>();
        var exporter = services.GetRequiredService<IPluginCatalog>().FindExporter(format)!;
        var path = store.PathFor("export" + exporter.FileExtension);
        var request = new ExportRequest(format, filter ?? new RequestFilter(), includeSystemPrompts)
        {
            Options = options ?? new Dictionary<string, string>(),
        };

        await using var output = File.Create(path);
        var summary = await exports.ExportAsync(request, output, progress, CancellationToken.None);
        return (path, summary);
    }
}
