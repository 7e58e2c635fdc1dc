namespace LlmIntercept.Dashboard.Tests.Infrastructure;

/// <summary>One dashboard holding <see cref="KnownRequests"/>, shared by the read-only tests of a class.</summary>
public class SeededDashboard : IAsyncLifetime
{
    private DashboardHost? host;
    private DashboardClient? client;

    internal DashboardHost Host => host!;

    /// <summary>A client signed in once; read-only tests share it.</summary>
    internal DashboardClient Client => client!;

    public async Task InitializeAsync()
    {
        host = await DashboardHost.StartAsync(new DashboardHostOptions { DatabaseUrl = await DatabaseUrlAsync() });
        client = await host.NewClient().SignedInAsync();
    }

    /// <summary>The store to seed; null for a new SQLite file.</summary>
    protected virtual Task<string?> DatabaseUrlAsync() => Task.FromResult<string?>(null);

    public async Task DisposeAsync()
    {
        client?.Dispose();
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}

/// <summary>The same dashboard and requests on a new database of the test PostgreSQL server.</summary>
public sealed class PostgresSeededDashboard : SeededDashboard
{
    protected override async Task<string?> DatabaseUrlAsync() =>
        await (await LlmIntercept.Testing.PostgresServer.GetAsync()).CreateDatabaseAsync();
}
