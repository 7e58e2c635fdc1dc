using LlmIntercept.Dashboard.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LlmIntercept.Dashboard.BrowserTests;

/// <summary>The same build works under "/admin", where `llm-intercept serve` puts the dashboard beside the proxy.</summary>
[Collection(DashboardCollection.Name)]
public sealed class BasePathTests(DashboardFixture fixture)
{
    [Fact]
    public async Task UnderAdmin_AppCallsTheApiBelowAdminAndGraphiQLOpens()
    {
        await using var session = await BrowserSession.OpenAsync(fixture.Browser, fixture.Admin);
        var page = session.Page;
        var paths = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.StartsWith("http", StringComparison.Ordinal))
            {
                paths.Add(new Uri(request.Url).AbsolutePath);
            }
        };

        await page.GotoAsync(new Uri(fixture.Admin.Home, "../admin").ToString());
        await Expect(page).ToHaveURLAsync(fixture.Admin.Home.ToString());
        await session.SignInAsync("#/requests?model=claude-3-haiku");
        await session.ListedIdsAsync(SeedData.FailingCount);

        Assert.Contains("/admin/graphql", paths);
        Assert.Contains("/admin/auth/login", paths);
        Assert.DoesNotContain(paths, path => path != "/admin" && !path.StartsWith("/admin/", StringComparison.Ordinal));

        await page.GetByRole(AriaRole.Link, new() { Name = "GraphiQL" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(fixture.Admin.Home, "graphiql").ToString());
        await Expect(page.Locator(".graphiql-container")).ToBeVisibleAsync();
        // Monaco loads its editors after the page: a click before the query is in the editor runs nothing.
        await Expect(page.Locator(".graphiql-query-editor .view-lines")).ToContainTextAsync(
            "FailedToday", new() { Timeout = 30_000, UseInnerText = true });
        await page.Locator(".graphiql-execute-button").ClickAsync();
        // The result is a read-only Monaco editor: its text lives in the rendered view lines.
        await Expect(page.Locator(".result-window .view-lines")).ToContainTextAsync(
            "totalCount", new() { Timeout = 30_000, UseInnerText = true });
        await Screenshots.SaveAsync(page, "graphiql");
    }
}
