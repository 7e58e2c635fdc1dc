using LlmIntercept.Plugins.Hosting;
using LlmIntercept.Store;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LlmIntercept.Plugins.Tests.Infrastructure;

/// <summary>The plugin services as a host registers them: store plus <c>AddInterceptPlugins</c> with configuration keys.</summary>
internal static class PluginHost
{
    /// <summary>The plugins folder the build put beside the test assembly (build/Plugins.targets).</summary>
    public static string BuiltPluginsDirectory => Path.Combine(AppContext.BaseDirectory, "plugins");

    public static ServiceProvider Create(DatabaseUrl url, string? pluginsDirectory = null, bool reload = false)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["PLUGINS_DIR"] = pluginsDirectory,
                ["RELOAD"] = reload ? "true" : "false",
            })
            .Build();
        return new ServiceCollection()
            .AddInterceptStore(url)
            .AddInterceptPlugins(configuration)
            .BuildServiceProvider();
    }

    public static ServiceProvider CreateWithoutStore(string? pluginsDirectory = null, bool reload = false) =>
        Create(DatabaseUrl.Parse($"sqlite:///{Path.Combine(Path.GetTempPath(), "llm-intercept-unused.db")}"),
            pluginsDirectory,
            reload);
}
