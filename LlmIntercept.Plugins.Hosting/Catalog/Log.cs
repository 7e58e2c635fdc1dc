using Microsoft.Extensions.Logging;

namespace LlmIntercept.Plugins.Hosting.Catalog;

internal static partial class Log
{
    [LoggerMessage(EventId = 4001, EventName = "PluginLoaded", Level = LogLevel.Information,
        Message = "Loaded plugin {Plugin} from {Path}: {Provides}")]
    public static partial void PluginLoaded(ILogger logger, string plugin, string path, string provides);

    [LoggerMessage(EventId = 4002, EventName = "PluginSkipped", Level = LogLevel.Warning,
        Message = "Skipped plugin {Plugin} at {Path}: {Reason}")]
    public static partial void PluginSkipped(ILogger logger, string plugin, string path, string reason);

    [LoggerMessage(EventId = 4003, EventName = "PluginsFolderMissing", Level = LogLevel.Information,
        Message = "No plugins folder at {Path}; no upstream adapters or exporters are loaded")]
    public static partial void PluginsFolderMissing(ILogger logger, string path);

    [LoggerMessage(EventId = 4004, EventName = "PluginsReloaded", Level = LogLevel.Information,
        Message = "Plugins reloaded from {Path}: {Adapters} adapters, {Exporters} exporters")]
    public static partial void PluginsReloaded(ILogger logger, string path, int adapters, int exporters);

    [LoggerMessage(EventId = 4005, EventName = "DuplicatePluginEntry", Level = LogLevel.Warning,
        Message = "Plugin {Plugin} provides {Entry}, which plugin {Winner} already provides; ignored")]
    public static partial void DuplicateEntry(ILogger logger, string plugin, string entry, string winner);

    [LoggerMessage(EventId = 4006, EventName = "PluginsReloadFailed", Level = LogLevel.Warning,
        Message = "Reloading plugins from {Path} failed; the previous set stays in use")]
    public static partial void ReloadFailed(ILogger logger, string path, Exception exception);
}
