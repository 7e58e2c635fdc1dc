using Microsoft.Extensions.Configuration;

namespace LlmIntercept.Plugins.Hosting.Catalog;

/// <summary>Where plugins are loaded from and whether they are reloaded when their files change.</summary>
internal sealed record PluginOptions
{
    /// <summary>
    /// The plugins folder (<c>PLUGINS_DIR</c>, CLI <c>--plugins-dir</c>); relative paths are taken from the current
    /// directory. Default: <c>plugins</c> beside the executable. A folder named here must exist.
    /// </summary>
    [ConfigurationKeyName("PLUGINS_DIR")]
    public string? Directory { get; init; }

    /// <summary>Development mode (<c>RELOAD</c>, CLI <c>serve --reload</c>): reload plugins when their files change. Default false.</summary>
    [ConfigurationKeyName("RELOAD")]
    public bool Reload { get; init; }

    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "plugins");

    /// <summary>The absolute folder to scan; the plugin loader needs absolute paths.</summary>
    public string ResolvedDirectory =>
        string.IsNullOrWhiteSpace(Directory) ? DefaultDirectory : Path.GetFullPath(Directory);
}
