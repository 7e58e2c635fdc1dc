namespace LlmIntercept.Dashboard.Tests.Infrastructure;

/// <summary>One dashboard holding <see cref="KnownRequests"/>, shared by the read-only tests of a class.</summary>
public sealed class SeededDashboard : IAsyncLifetime
{
    private DashboardHost? host;
    private DashboardClient? client;

    internal DashboardHost Host => host!;

    /// <summary>A client signed in once; read-only tests share it.</summary>
    internal DashboardClient Client => client!;

    public async Task InitializeAsync()
    {
        host = await DashboardHost.StartAsync();
        client = await host.NewClient().SignedInAsync();
    }

    public async Task DisposeAsync()
    {
        client?.Dispose();
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}
