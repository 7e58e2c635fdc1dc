using LlmIntercept.Dashboard.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LlmIntercept.Dashboard.BrowserTests;

[Collection(DashboardCollection.Name)]
public sealed class RequestListTests(DashboardFixture fixture)
{
    [Fact]
    public async Task FilterByModel_UrlCarriesItAndListShowsExactlyThatModelsRows()
    {
        await using var session = await BrowserSession.OpenAsync(fixture.Browser, fixture.Root);
        var page = session.Page;
        await session.SignInAsync("#/requests");

        await page.GetByLabel("Model").SelectOptionAsync(SeedData.FailingModel);

        await session.ExpectRouteAsync(@"#/requests\?model=claude-3-haiku$");
        await session.ExpectListedAsync(SeedData.FailingIds.AsEnumerable().Reverse());
        await Expect(page.Locator("table.requests .badge.error")).ToHaveCountAsync(SeedData.FailingCount);
        await Expect(page.Locator("table.requests .badge.error").First).ToHaveTextAsync("Upstream error");
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("5 requests");
    }

    [Fact]
    public async Task SearchAndToolFilters_AreBookmarkableAndShowExactlyTheMatchingRows()
    {
        await using var session = await BrowserSession.OpenAsync(fixture.Browser, fixture.Root);
        var page = session.Page;
        await session.SignInAsync("#/requests");

        await page.GetByLabel("Search").FillAsync("banana");
        await page.GetByLabel("Search").PressAsync("Enter");
        await session.ExpectRouteAsync(@"[?&]q=banana");
        await session.ExpectListedAsync(SeedData.BananaIds.AsEnumerable().Reverse());
        await Expect(page.Locator("table.requests .badge.ok")).ToHaveCountAsync(3);

        await page.GetByRole(AriaRole.Button, new() { Name = "Clear", Exact = true }).ClickAsync();
        await page.GetByLabel("Tool calls").SelectOptionAsync("With tool calls");
        await page.GetByLabel("Status").SelectOptionAsync("Succeeded");
        await session.ExpectRouteAsync(@"state=ok");
        await session.ExpectRouteAsync(@"tools=true");
        await session.ExpectListedAsync(new[] { SeedData.HostileId, SeedData.ToolCallId });

        var bookmark = page.Url;
        var second = await session.Context.NewPageAsync();
        await second.GotoAsync(bookmark);
        await Expect(second.GetByLabel("Tool calls")).ToHaveValueAsync("true");
        await Expect(second.Locator("table.requests tbody tr")).ToHaveCountAsync(2);
        await second.CloseAsync();
    }

    [Fact]
    public async Task Paging_ShowsTwentyRowsAPageNewestFirst()
    {
        await using var session = await BrowserSession.OpenAsync(fixture.Browser, fixture.Root);
        var page = session.Page;
        await session.SignInAsync("#/requests?model=gpt-4o-mini");
        var next = page.GetByRole(AriaRole.Button, new() { Name = "Next →" });

        await session.ExpectListedAsync(Ids(45, 26));
        await Expect(page.GetByText("Page 1 of 3")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "requests");

        await next.ClickAsync();
        await session.ExpectRouteAsync(@"page=2");
        await session.ExpectListedAsync(Ids(25, 6));

        await next.ClickAsync();
        await session.ExpectRouteAsync(@"page=3");
        await session.ExpectListedAsync(Ids(5, 1));
        await Expect(next).ToBeDisabledAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "← Previous" }).ClickAsync();
        await session.ExpectListedAsync(Ids(25, 6));
    }

    [Fact]
    public async Task FilterMatchingNothing_SaysSoAndOffersToClear()
    {
        await using var session = await BrowserSession.OpenAsync(fixture.Browser, fixture.Root);
        var page = session.Page;
        await session.SignInAsync("#/requests?q=nosuchwordanywhere");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "No requests match these filters" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Clear filters" }).ClickAsync();
        await session.ListedIdsAsync(20);
    }

    private static long[] Ids(int from, int to) =>
        Enumerable.Range(to, from - to + 1).Reverse().Select(id => (long)id).ToArray();
}
