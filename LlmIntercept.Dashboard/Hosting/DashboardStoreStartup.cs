using LlmIntercept.Store;

namespace LlmIntercept.Dashboard.Hosting;

/// <summary>
/// Brings the store to the current schema before the first request. Resolved lazily, so a start stopped by
/// invalid options reports them rather than failing to build the store.
/// </summary>
internal sealed class DashboardStoreStartup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        services.GetRequiredService<StoreInitializer>().InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
