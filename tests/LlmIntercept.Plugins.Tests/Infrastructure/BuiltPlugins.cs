using LlmIntercept.Plugins.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace LlmIntercept.Plugins.Tests.Infrastructure;

/// <summary>The catalog over the plugins the build placed beside the tests, shared by the tests that only read it.</summary>
public sealed class BuiltPlugins : IDisposable
{
    private readonly ServiceProvider services = PluginHost.CreateWithoutStore();

    public IPluginCatalog Catalog => services.GetRequiredService<IPluginCatalog>();

    public IUpstreamAdapter Adapter(string name) => Catalog.Adapters.Single(a => a.Name == name);

    public void Dispose() => services.Dispose();
}
