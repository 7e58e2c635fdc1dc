using Microsoft.Playwright;

namespace LlmIntercept.Dashboard.BrowserTests.Infrastructure;

/// <summary>A store and dashboard of their own for tests that change what is stored, so the shared one stays as seeded.</summary>
public sealed class CurationFixture : IAsyncLifetime
{
    private TestStore? store;
    private IPlaywright? playwright;

    internal DashboardServer Root { get; private set; } = null!;

    internal IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        store = await TestStore.CreateAsync();
        Root = await DashboardServer.StartAsync(store);
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

        if (store is not null)
        {
            await store.DisposeAsync();
        }
    }
}
