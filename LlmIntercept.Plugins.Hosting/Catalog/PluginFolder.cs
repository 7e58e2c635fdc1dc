using System.Reflection;
using McMaster.NETCore.Plugins;

namespace LlmIntercept.Plugins.Hosting.Catalog;

/// <summary>
/// One subfolder of the plugins folder: its own load context and the adapters and exporters its main assembly
/// (<c>{folder}/{folder}.dll</c>) provides, or why it could not be loaded.
/// </summary>
internal sealed class PluginFolder : IDisposable
{
    // The contracts assembly is always the host's: plugin types must implement the very interfaces the host
    // checks with IsAssignableFrom, so it is never loaded a second time from a plugin's folder.
    private static readonly Type[] SharedTypes = [typeof(IUpstreamAdapter), typeof(IDatasetExporter)];

    private PluginFolder(string name, string path, PluginLoader? loader)
    {
        Name = name;
        FolderPath = path;
        Loader = loader;
    }

    public string Name { get; }

    public string FolderPath { get; }

    public PluginLoader? Loader { get; }

    public IReadOnlyList<IUpstreamAdapter> Adapters { get; private init; } = [];

    public IReadOnlyList<IDatasetExporter> Exporters { get; private init; } = [];

    public string? Error { get; private init; }

    public static PluginFolder Load(string folder, bool hotReload)
    {
        var name = Path.GetFileName(folder);
        var assemblyPath = Path.Combine(folder, name + ".dll");
        if (!File.Exists(assemblyPath))
        {
            return Failed(
                name, folder, $"no {name}.dll in the folder (a plugin folder is named after its main assembly)", null);
        }

        PluginLoader? loader = null;
        try
        {
            loader = PluginLoader.CreateFromAssemblyFile(
                assemblyPath,
                isUnloadable: hotReload,
                sharedTypes: SharedTypes,
                configure: config => config.EnableHotReload = hotReload);
            return FromLoader(name, folder, loader);
        }
        catch (Exception exception)
        {
            // Plugins are third-party code: whatever loading or constructing them throws becomes this folder's
            // reported error, and the host carries on without it. With hot reload the loader stays, so a fixed
            // build dropped into the folder is picked up.
            if (!hotReload)
            {
                loader?.Dispose();
                loader = null;
            }

            return Failed(name, folder, Describe(exception), loader);
        }
    }

    /// <summary>Instantiates the plugin types again after the loader reloaded changed files.</summary>
    public PluginFolder Reloaded()
    {
        try
        {
            return FromLoader(Name, FolderPath, Loader!);
        }
        catch (Exception exception)
        {
            // As in Load: a broken rebuild is reported, not thrown into the file watcher's thread.
            return Failed(Name, FolderPath, Describe(exception), Loader);
        }
    }

    private static PluginFolder FromLoader(string name, string folder, PluginLoader loader)
    {
        var types = loader.LoadDefaultAssembly().GetTypes();
        var adapters = Create<IUpstreamAdapter>(types);
        var exporters = Create<IDatasetExporter>(types);
        if (adapters.Count == 0 && exporters.Count == 0)
        {
            throw new InvalidOperationException(
                "the assembly has no class with a parameterless constructor implementing IUpstreamAdapter or IDatasetExporter");
        }

        return new PluginFolder(name, folder, loader) { Adapters = adapters, Exporters = exporters };
    }

    public void Dispose() => Loader?.Dispose();

    private static List<T> Create<T>(Type[] types)
        where T : class =>
        types
            .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(T).IsAssignableFrom(type))
            .Where(type => type.GetConstructor(
                BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, Type.EmptyTypes) is not null)
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .Select(type => (T)Activator.CreateInstance(type, nonPublic: true)!)
            .ToList();

    private static PluginFolder Failed(string name, string folder, string error, PluginLoader? loader) =>
        new(name, folder, loader) { Error = error };

    private static string Describe(Exception exception) => exception switch
    {
        ReflectionTypeLoadException { LoaderExceptions: [{ } first, ..] } => first.Message,
        TargetInvocationException { InnerException: { } inner } => inner.Message,
        BadImageFormatException => $"not a .NET assembly ({exception.Message})",
        _ => exception.Message,
    };
}
