using LlmIntercept.Plugins.Hosting.Catalog;
using LlmIntercept.Plugins.Hosting.Export;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmIntercept.Plugins.Hosting;

public static class PluginsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the plugin catalog (<c>PLUGINS_DIR</c>, <c>RELOAD</c>), the dataset export service and the
    /// <c>plugins</c> health check. The export service needs the store (<c>AddInterceptStore</c>).
    /// </summary>
    public static IServiceCollection AddInterceptPlugins(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddLogging();
        services.AddOptions<PluginOptions>().Bind(configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PluginOptions>, PluginOptionsValidator>();
        services.AddSingleton<PluginCatalog>();
        services.AddSingleton<IPluginCatalog>(provider => provider.GetRequiredService<PluginCatalog>());
        services.AddSingleton<IDatasetExportService, DatasetExportService>();
        services.AddHealthChecks().AddCheck<PluginsHealthCheck>(PluginsHealthCheck.Name);
        return services;
    }
}
