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
        IProgress<long>? progress = null,
        CurationOptions? curation = null)
    {
        await using var services = PluginHost.Create(store.Url);
        var exports = services.GetRequiredService<IDatasetExportService>();
        var exporter = services.GetRequiredService<IPluginCatalog>().FindExporter(format)!;
        var path = store.PathFor("export" + exporter.FileExtension);
        var request = new ExportRequest(format, filter ?? new RequestFilter(), includeSystemPrompts)
        {
            Options = options ?? new Dictionary<string, string>(),
            Curation = curation ?? new CurationOptions(),
        };

        await using var output = File.Create(path);
        var summary = await exports.ExportAsync(request, output, progress, CancellationToken.None);
        return (path, summary);
    }

    /// <summary>Exports with a split into two files; returns their paths.</summary>
    public static async Task<(string Train, string Validation, ExportSummary Summary)> ToTwoFilesAsync(
        TestStore store,
        string format,
        CurationOptions curation,
        string name = "export")
    {
        await using var services = PluginHost.Create(store.Url);
        var exports = services.GetRequiredService<IDatasetExportService>();
        var exporter = services.GetRequiredService<IPluginCatalog>().FindExporter(format)!;
        var train = store.PathFor($"{name}.train{exporter.FileExtension}");
        var validation = store.PathFor($"{name}.validation{exporter.FileExtension}");
        var request = new ExportRequest(format, new RequestFilter()) { Curation = curation };

        await using var trainOutput = File.Create(train);
        await using var validationOutput = File.Create(validation);
        var summary = await exports.ExportSplitAsync(request, trainOutput, validationOutput, null, CancellationToken.None);
        return (train, validation, summary);
    }
}
