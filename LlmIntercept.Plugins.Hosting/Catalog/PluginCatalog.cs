using McMaster.NETCore.Plugins;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmIntercept.Plugins.Hosting.Catalog;

/// <summary>
/// Loads every subfolder of the plugins folder into its own load context and serves what they provide.
/// </summary>
/// <remarks>
/// In reload mode a changed plugin assembly is reloaded by its loader (McMaster hot reload), and a watcher on the
/// plugins folder picks up folders that appear, disappear or were incomplete; both raise <see cref="Changed"/>.
/// Readers get an immutable snapshot, so a reload never changes a list someone is enumerating.
/// </remarks>
internal sealed class PluginCatalog : IPluginCatalog, IDisposable
{
    private static readonly TimeSpan RescanDelay = TimeSpan.FromMilliseconds(500);

    private readonly Lock gate = new();
    private readonly Dictionary<string, PluginFolder> folders = new(StringComparer.Ordinal);
    private readonly ILogger<PluginCatalog> logger;
    private readonly bool reload;
    private readonly FileSystemWatcher? watcher;
    private readonly Timer? rescanTimer;
    private volatile PluginSet current = PluginSet.Empty;

    public PluginCatalog(IOptions<PluginOptions> options, ILogger<PluginCatalog> logger)
    {
        this.logger = logger;
        Directory = options.Value.ResolvedDirectory;
        reload = options.Value.Reload;

        lock (gate)
        {
            Scan();
        }

        if (reload && System.IO.Directory.Exists(Directory))
        {
            rescanTimer = new Timer(_ => Rescan());
            watcher = Watch(Directory, () => rescanTimer.Change(RescanDelay, Timeout.InfiniteTimeSpan));
        }
    }

    public event EventHandler? Changed;

    /// <summary>The absolute folder plugins are loaded from.</summary>
    public string Directory { get; }

    public IReadOnlyList<IUpstreamAdapter> Adapters => current.Adapters;

    public IReadOnlyList<IDatasetExporter> Exporters => current.Exporters;

    public IReadOnlyList<LoadedPlugin> Plugins => current.Plugins;

    public IDatasetExporter? FindExporter(string format) =>
        current.Exporters.FirstOrDefault(e => string.Equals(e.Format, format, StringComparison.OrdinalIgnoreCase));

    public void Dispose()
    {
        watcher?.Dispose();
        rescanTimer?.Dispose();
        lock (gate)
        {
            foreach (var folder in folders.Values)
            {
                folder.Dispose();
            }

            folders.Clear();
            current = PluginSet.Empty;
        }
    }

    private void Scan()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            Log.PluginsFolderMissing(logger, Directory);
            return;
        }

        var present = System.IO.Directory.GetDirectories(Directory).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in folders.Keys.Where(path => !present.Contains(path)).ToList())
        {
            folders.Remove(gone, out var folder);
            folder!.Dispose();
        }

        foreach (var path in present)
        {
            // Folders with a loader are the hot reload's business; the rest (new, or not loadable last time) are
            // tried again.
            if (folders.TryGetValue(path, out var known) && known.Loader is not null)
            {
                continue;
            }

            var loaded = PluginFolder.Load(path, reload);
            Register(loaded);
            if (reload && loaded.Loader is { } loader)
            {
                loader.Reloaded += OnLoaderReloaded;
            }
        }

        current = PluginSet.Build(folders.Values, logger);
    }

    private void Register(PluginFolder folder)
    {
        folders[folder.FolderPath] = folder;
        if (folder.Error is { } error)
        {
            Log.PluginSkipped(logger, folder.Name, folder.FolderPath, error);
        }
        else
        {
            var provides = folder.Adapters.Select(a => "adapter:" + a.Name)
                .Concat(folder.Exporters.Select(e => "exporter:" + e.Format));
            Log.PluginLoaded(logger, folder.Name, folder.FolderPath, string.Join(", ", provides));
        }
    }

    private void OnLoaderReloaded(object sender, PluginReloadedEventArgs eventArgs)
    {
        lock (gate)
        {
            var folder = folders.Values.FirstOrDefault(f => ReferenceEquals(f.Loader, eventArgs.Loader));
            if (folder is null)
            {
                return;
            }

            Register(folder.Reloaded());
            current = PluginSet.Build(folders.Values, logger);
        }

        RaiseChanged();
    }

    private void Rescan()
    {
        try
        {
            lock (gate)
            {
                Scan();
            }
        }
        catch (IOException exception)
        {
            // The folder was being changed under the scan; the watcher fires again once it settles.
            Log.ReloadFailed(logger, Directory, exception);
            return;
        }

        RaiseChanged();
    }

    private void RaiseChanged()
    {
        var snapshot = current;
        Log.PluginsReloaded(logger, Directory, snapshot.Adapters.Count, snapshot.Exporters.Count);
        Changed?.Invoke(this, EventArgs.Empty);
    }

    private static FileSystemWatcher Watch(string directory, Action onChange)
    {
        var watcher = new FileSystemWatcher(directory)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.DirectoryName | NotifyFilters.FileName | NotifyFilters.LastWrite,
        };
        watcher.Created += (_, _) => onChange();
        watcher.Deleted += (_, _) => onChange();
        watcher.Renamed += (_, _) => onChange();
        watcher.Changed += (_, _) => onChange();
        watcher.EnableRaisingEvents = true;
        return watcher;
    }
}
