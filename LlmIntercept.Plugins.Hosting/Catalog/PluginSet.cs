using Microsoft.Extensions.Logging;

namespace LlmIntercept.Plugins.Hosting.Catalog;

/// <summary>
/// What the catalog serves at one moment, built from the loaded folders in name order: the first folder to
/// provide an adapter name or an export format wins, later duplicates are reported and ignored.
/// </summary>
internal sealed record PluginSet(
    IReadOnlyList<IUpstreamAdapter> Adapters,
    IReadOnlyList<IDatasetExporter> Exporters,
    IReadOnlyList<LoadedPlugin> Plugins)
{
    public static PluginSet Empty { get; } = new([], [], []);

    public static PluginSet Build(IEnumerable<PluginFolder> folders, ILogger logger)
    {
        var adapters = new Dictionary<string, (IUpstreamAdapter Adapter, string Owner)>(StringComparer.OrdinalIgnoreCase);
        var exporters = new Dictionary<string, (IDatasetExporter Exporter, string Owner)>(StringComparer.OrdinalIgnoreCase);
        var plugins = new List<LoadedPlugin>();

        foreach (var folder in folders.OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase))
        {
            if (folder.Error is { } error)
            {
                plugins.Add(new LoadedPlugin(folder.Name, folder.FolderPath, [], error));
                continue;
            }

            var provides = new List<string>();
            var duplicates = new List<string>();
            foreach (var adapter in folder.Adapters)
            {
                Take(adapters, adapter.Name, adapter, folder.Name, $"adapter:{adapter.Name}", provides, duplicates, logger);
            }

            foreach (var exporter in folder.Exporters)
            {
                Take(exporters, exporter.Format, exporter, folder.Name, $"exporter:{exporter.Format}", provides, duplicates, logger);
            }

            var duplicateError = duplicates.Count == 0 ? null : "ignored, already provided: " + string.Join(", ", duplicates);
            plugins.Add(new LoadedPlugin(folder.Name, folder.FolderPath, provides, duplicateError));
        }

        return new PluginSet(
            adapters.Values.Select(v => v.Adapter).ToList(),
            exporters.Values.Select(v => v.Exporter).ToList(),
            plugins);
    }

    private static void Take<T>(
        Dictionary<string, (T Item, string Owner)> taken,
        string key,
        T item,
        string owner,
        string entry,
        List<string> provides,
        List<string> duplicates,
        ILogger logger)
    {
        if (taken.TryGetValue(key, out var existing))
        {
            Log.DuplicateEntry(logger, owner, entry, existing.Owner);
            duplicates.Add(entry);
            return;
        }

        taken.Add(key, (item, owner));
        provides.Add(entry);
    }
}
