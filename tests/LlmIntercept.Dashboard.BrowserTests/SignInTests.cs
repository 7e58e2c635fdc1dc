using System.Text.RegularExpressions;
using LlmIntercept.Dashboard.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LlmIntercept.Dashboard.BrowserTests;

[Collection(DashboardCollection.Name)]
public sealed class SignInTests(DashboardFixture fixture)
{
    [Fact]
    public async Task SignIn_WrongThenRightPassword_ShowsOverviewOfTheStore()
    {
        await using var session = await BrowserSession.OpenAsync(fixture.Browser, fixture.Root);
        var page = session.Page;
        await session.GoToAsync();
        await Screenshots.SaveAsync(page, "sign-in");

        await page.GetByLabel("Password").FillAsync("not the password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Wrong password.");

        await page.GetByLabel("Password").FillAsync(DashboardServer.Password);
        await page.GetByLabel("Password").PressAsync("Enter");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        await Expect(Card(page, "Requests")).ToHaveTextAsync("52");
        await Expect(Card(page, "Models")).ToHaveTextAsync("4");
        await Expect(Card(page, "Error rate")).ToHaveTextAsync("9.6%");
        await Expect(page.Locator("canvas")).ToHaveCountAsync(3);
        await Expect(page.Locator("table.grid tbody tr")).ToHaveCountAsync(4);
        await Screenshots.SaveAsync(page, "overview");
    }

    [Fact]
    public async Task Overview_FromTheRollups_MarksThePercentileAsApproximate()
    {
        // Four days: hourly slots, so the roll-up dashboard reads the roll-ups; the other counts every row.
        const string Range = "#/?from=2026-11-01T00:00&to=2026-11-05T00:00";
        foreach (var (server, approximate) in new[] { (fixture.Root, false), (fixture.FromRollups, true) })
        {
            await using var session = await BrowserSession.OpenAsync(fixture.Browser, server);
            var page = session.Page;
            await session.SignInAsync(Range);

            await Expect(Card(page, "Requests")).ToHaveTextAsync("52");
            var p95 = Card(page, "p95 response");
            await Expect(p95).ToHaveTextAsync(approximate ? new Regex("^≈ \\d") : new Regex("^\\d"));
            if (approximate)
            {
                await Expect(p95.Locator("xpath=..")).ToHaveAttributeAsync("title", new Regex("roll-up"));
            }
        }
    }

    [Fact]
    public async Task SignOut_ThenStoredDataIsNoLongerReachable()
    {
        await using var session = await BrowserSession.OpenAsync(fixture.Browser, fixture.Root);
        var page = session.Page;
        await session.SignInAsync("#/requests");
        await session.ListedIdsAsync(20);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Expect(page.GetByLabel("Password")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("You signed out.");
        var status = await page.EvaluateAsync<int>(
            """
            async () => (await fetch('graphql', {
              method: 'POST',
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ query: '{ requests { totalCount } }' }),
            })).status
            """);
        Assert.Equal(401, status);

        await session.GoToAsync("#/requests/51");
        await page.ReloadAsync();
        await Expect(page.GetByLabel("Password")).ToBeVisibleAsync();
        await Expect(page.Locator(".bubble")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task LostSession_NextActionReturnsToSignInWithAMessage()
    {
        await using var session = await BrowserSession.OpenAsync(fixture.Browser, fixture.Root);
        var page = session.Page;
        await session.SignInAsync("#/requests");
        await session.ListedIdsAsync(20);

        await session.Context.ClearCookiesAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Next →" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Your session has ended. Sign in again");
        await page.GetByLabel("Password").FillAsync(DashboardServer.Password);
        await page.GetByLabel("Password").PressAsync("Enter");
        await session.ExpectRouteAsync("page=2");
        await session.ExpectListedAsync(Enumerable.Range(13, 20).Reverse().Select(id => (long)id));
    }

    private static ILocator Card(IPage page, string label) =>
        page.Locator(".card").Filter(new() { Has = page.GetByText(label, new() { Exact = true }) }).Locator("dd");
}
