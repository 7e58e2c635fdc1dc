using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LlmIntercept.Dashboard.BrowserTests.Infrastructure;

/// <summary>
/// A fresh browser context (no cookies) on one dashboard, recording every dialog a page opens so that a test
/// can prove none did.
/// </summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    private readonly IBrowserContext context;

    private BrowserSession(IBrowserContext context, IPage page, Uri home)
    {
        this.context = context;
        Page = page;
        Home = home;
        page.Dialog += (_, dialog) =>
        {
            Dialogs.Add(dialog.Message);
            _ = AcceptDialogs ? dialog.AcceptAsync() : dialog.DismissAsync();
        };
    }

    public IPage Page { get; }

    public Uri Home { get; }

    public IBrowserContext Context => context;

    public List<string> Dialogs { get; } = [];

    /// <summary>Answer confirmations with OK (review and prune ask first); dialogs are dismissed otherwise.</summary>
    public bool AcceptDialogs { get; set; }

    public static async Task<BrowserSession> OpenAsync(IBrowser browser, DashboardServer server)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
            AcceptDownloads = true,
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        return new BrowserSession(context, page, server.Home);
    }

    /// <summary>Opens <paramref name="route"/> (a hash route such as <c>#/requests?model=x</c>) on the dashboard.</summary>
    public async Task GoToAsync(string route = "")
    {
        await Page.GotoAsync(new Uri(Home, route).ToString());
    }

    public async Task SignInAsync(string route = "")
    {
        await GoToAsync(route);
        await Page.GetByLabel("Password").FillAsync(DashboardServer.Password);
        await Page.GetByLabel("Password").PressAsync("Enter");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }

    /// <summary>The ids of the rows the request list shows, top to bottom, once it has finished loading.</summary>
    public async Task<long[]> ListedIdsAsync(int expectedCount)
    {
        var rows = Page.Locator("table.requests tbody tr");
        await Expect(rows).ToHaveCountAsync(expectedCount);
        var ids = await rows.EvaluateAllAsync<long[]>("rows => rows.map(row => Number(row.dataset.id))");
        return ids;
    }

    /// <summary>
    /// Waits until the request list shows exactly <paramref name="expected"/>, top to bottom. A page change swaps
    /// the rows after the URL changes, so a count alone can still be the previous page's.
    /// </summary>
    public async Task ExpectListedAsync(IEnumerable<long> expected)
    {
        var wanted = string.Join(',', expected);
        try
        {
            await Page.WaitForFunctionAsync(
                "wanted => [...document.querySelectorAll('table.requests tbody tr')].map(row => row.dataset.id).join(',') === wanted",
                wanted);
        }
        catch (TimeoutException)
        {
            var rows = Page.Locator("table.requests tbody tr");
            var shown = await rows.EvaluateAllAsync<long[]>("rows => rows.map(row => Number(row.dataset.id))");
            var said = await Page.Locator("main").InnerTextAsync();
            Assert.Fail($"The list shows [{string.Join(',', shown)}], not [{wanted}], at {Page.Url}; the page says: {said}");
        }
    }

    public async Task ExpectRouteAsync(string pattern)
    {
        await Expect(Page).ToHaveURLAsync(new Regex(pattern));
    }

    public async ValueTask DisposeAsync()
    {
        await context.DisposeAsync();
    }
}
