using LlmIntercept.Plugins.Hosting;
using LlmIntercept.Plugins.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace LlmIntercept.Plugins.Tests.Catalog;

public sealed class PluginCatalogTests(CsvPluginBuild csvPlugin) : IClassFixture<CsvPluginBuild>, IDisposable
{
    private readonly string pluginsDirectory = Directory.CreateTempSubdirectory("llm-intercept-catalog-").FullName;

    [Fact]
    public void Catalog_BuiltPluginsFolder_LoadsEveryAdapterAndExporter()
    {
        using var services = PluginHost.CreateWithoutStore();
        var catalog = services.GetRequiredService<IPluginCatalog>();

        Assert.Equal(["azure", "ollama", "openai", "openrouter"], catalog.Adapters.Select(a => a.Name).Order());
        Assert.Equal(["jsonl.zst", "parquet"], catalog.Exporters.Select(e => e.Format).Order());
        Assert.All(catalog.Plugins, plugin => Assert.Null(plugin.Error));
        Assert.Equal(6, catalog.Plugins.Count);
        Assert.Contains(catalog.Plugins, p => p.Name == "LlmIntercept.Export.Parquet" && p.Provides.SequenceEqual(["exporter:parquet"]));
    }

    [Fact]
    public void FindExporter_FormatInAnyCase_FindsIt()
    {
        using var services = PluginHost.CreateWithoutStore();
        var catalog = services.GetRequiredService<IPluginCatalog>();

        Assert.Equal(".jsonl.zst", catalog.FindExporter("JSONL.ZST")?.FileExtension);
        Assert.Equal("application/vnd.apache.parquet", catalog.FindExporter("parquet")?.ContentType);
        Assert.Null(catalog.FindExporter("csv"));
    }

    [Fact]
    public async Task Catalog_BrokenPlugins_AreSkippedAndReported()
    {
        csvPlugin.CopyInto(pluginsDirectory);
        var broken = Directory.CreateDirectory(Path.Combine(pluginsDirectory, "Broken")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(broken, "Broken.dll"), "MZ not really a dll"u8.ToArray());
        Directory.CreateDirectory(Path.Combine(pluginsDirectory, "Empty"));

        using var services = PluginHost.CreateWithoutStore(pluginsDirectory);
        var catalog = services.GetRequiredService<IPluginCatalog>();

        Assert.Equal(["csv"], catalog.Exporters.Select(e => e.Format));
        var failures = catalog.Plugins.Where(p => p.Error is not null).ToDictionary(p => p.Name, p => p.Error!);
        Assert.Equal(["Broken", "Empty"], failures.Keys.Order());
        Assert.StartsWith("not a .NET assembly", failures["Broken"]);
        Assert.StartsWith("no Empty.dll in the folder", failures["Empty"]);
    }

    [Fact]
    public async Task HealthCheck_WithSkippedPlugin_IsDegradedAndListsEverything()
    {
        csvPlugin.CopyInto(pluginsDirectory);
        var broken = Directory.CreateDirectory(Path.Combine(pluginsDirectory, "Broken")).FullName;
        await File.WriteAllTextAsync(Path.Combine(broken, "Broken.dll"), "garbage");

        using var services = PluginHost.CreateWithoutStore(pluginsDirectory);
        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        var entry = report.Entries["plugins"];
        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal(new[] { "csv" }, entry.Data["exporters"]);
        Assert.Equal(Array.Empty<string>(), entry.Data["adapters"]);
        var failure = Assert.Single((string[])entry.Data["failures"]);
        Assert.StartsWith("Broken: not a .NET assembly", failure);
    }

    [Fact]
    public async Task HealthCheck_BuiltPlugins_IsHealthy()
    {
        using var services = PluginHost.CreateWithoutStore();
        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        var entry = report.Entries["plugins"];
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal(["azure", "ollama", "openai", "openrouter"], ((string[])entry.Data["adapters"]).Order());
        Assert.Equal("4 upstream adapters, 2 exporters", entry.Description);
    }

    [Fact]
    public void Options_MissingConfiguredFolder_FailValidationNamingTheKey()
    {
        var missing = Path.Combine(pluginsDirectory, "does-not-exist");
        using var services = PluginHost.CreateWithoutStore(missing);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IPluginCatalog>());

        Assert.Equal($"PLUGINS_DIR: the folder '{missing}' does not exist", Assert.Single(error.Failures));
    }

    [Fact]
    public void Catalog_EmptyFolder_ServesNothing()
    {
        using var services = PluginHost.CreateWithoutStore(pluginsDirectory);
        var catalog = services.GetRequiredService<IPluginCatalog>();

        Assert.Empty(catalog.Adapters);
        Assert.Empty(catalog.Exporters);
        Assert.Empty(catalog.Plugins);
    }

    public void Dispose() => Directory.Delete(pluginsDirectory, recursive: true);
}
