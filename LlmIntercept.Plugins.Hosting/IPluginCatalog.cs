namespace LlmIntercept.Plugins.Hosting;

/// <summary>The upstream adapters and dataset exporters loaded from the plugins folder.</summary>
public interface IPluginCatalog
{
    IReadOnlyList<IUpstreamAdapter> Adapters { get; }

    IReadOnlyList<IDatasetExporter> Exporters { get; }

    /// <summary>Every plugin assembly seen, loaded or not, with the reason when it was skipped.</summary>
    IReadOnlyList<LoadedPlugin> Plugins { get; }

    IDatasetExporter? FindExporter(string format);

    /// <summary>Raised after plugins were reloaded (<c>serve --reload</c>).</summary>
    event EventHandler? Changed;
}

/// <summary>One plugin assembly and what it provides, or why it was skipped.</summary>
public sealed record LoadedPlugin(string Name, string Path, IReadOnlyList<string> Provides, string? Error);
