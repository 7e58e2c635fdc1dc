using Microsoft.Playwright;

namespace LlmIntercept.Dashboard.BrowserTests.Infrastructure;

/// <summary>One seeded store, the dashboard over it at "/" and at "/admin", and one Chromium, shared by all tests.</summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    private TestStore? store;
    private IPlaywright? playwright;

    internal DashboardServer Root { get; private set; } = null!;

    internal DashboardServer Admin { get; private set; } = null!;

    /// <summary>The same store at "/", computing every selection of an hour or more from the roll-ups.</summary>
    internal DashboardServer FromRollups { get; private set; } = null!;

    internal IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        store = await TestStore.CreateAsync();
        Root = await DashboardServer.StartAsync(store);
        Admin = await DashboardServer.StartAsync(store, "/admin");
        FromRollups = await DashboardServer.StartAsync(
            store, settings: new Dictionary<string, string?> { ["DASHBOARD_EXACT_STATS_ROWS"] = "0" });
        (playwright, Browser) = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (Root is not null)
        {
            await Root.DisposeAsync();
        }

        if (Admin is not null)
        {
            await Admin.DisposeAsync();
        }

        if (FromRollups is not null)
        {
            await FromRollups.DisposeAsync();
        }

        if (store is not null)
        {
            await store.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "Dashboard";
}
