using LlmIntercept.Cli.Commands;
using LlmIntercept.Plugins.Hosting;
using LlmIntercept.Store;
using Microsoft.Extensions.Options;

namespace LlmIntercept.Cli.Export;

/// <summary>The store and the plugins for one export, built without a web host.</summary>
internal static class ExportServices
{
    public static ServiceProvider Build(ExportArguments arguments)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["PLUGINS_DIR"] = arguments.PluginsDir })
            .Build();
        return new ServiceCollection()
            .AddInterceptStore(arguments.Database)
            .AddInterceptPlugins(configuration)
            .BuildServiceProvider();
    }

    /// <summary>The chosen exporter's file extension (the format is known to exist once <see cref="Resolve"/> ran).</summary>
    public static string Extension(ServiceProvider services, string format) =>
        services.GetRequiredService<IPluginCatalog>().FindExporter(format)?.FileExtension ?? "";

    /// <summary>
    /// The export service, once the plugins folder, the format and the database are known to be usable, so that a
    /// mistake is reported before the output file is created.
    /// </summary>
    public static IDatasetExportService Resolve(ServiceProvider services, ExportArguments arguments)
    {
        IPluginCatalog catalog;
        try
        {
            catalog = services.GetRequiredService<IPluginCatalog>();
        }
        catch (OptionsValidationException exception)
        {
            throw new CliUsageException(string.Join("; ", exception.Failures));
        }

        if (catalog.FindExporter(arguments.Format) is null)
        {
            var unknown = new UnknownExportFormatException(arguments.Format, catalog.Exporters.Select(e => e.Format));
            throw new CliUsageException($"--format: {unknown.Message}");
        }

        if (arguments.Database.SqlitePath is { } path && !File.Exists(path))
        {
            throw new CliUsageException($"--database-url: no database at {path}");
        }

        return services.GetRequiredService<IDatasetExportService>();
    }
}
