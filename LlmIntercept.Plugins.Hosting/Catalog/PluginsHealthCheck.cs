using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LlmIntercept.Plugins.Hosting.Catalog;

/// <summary>
/// The <c>plugins</c> health entry: healthy when every plugin folder loaded, degraded (still serving) when some
/// were skipped. Its data lists the loaded adapters and exporters and each failure with its reason.
/// </summary>
internal sealed class PluginsHealthCheck(PluginCatalog catalog) : IHealthCheck
{
    public const string Name = "plugins";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        var failures = catalog.Plugins
            .Where(p => p.Error is not null)
            .Select(p => $"{p.Name}: {p.Error}")
            .ToArray();
        var data = new Dictionary<string, object>
        {
            ["directory"] = catalog.Directory,
            ["adapters"] = catalog.Adapters.Select(a => a.Name).ToArray(),
            ["exporters"] = catalog.Exporters.Select(e => e.Format).ToArray(),
            ["failures"] = failures,
        };
        var description = $"{catalog.Adapters.Count} upstream adapters, {catalog.Exporters.Count} exporters";

        var result = failures.Length == 0
            ? HealthCheckResult.Healthy(description, data)
            : HealthCheckResult.Degraded($"{description}; {failures.Length} plugins skipped", data: data);
        return Task.FromResult(result);
    }
}
