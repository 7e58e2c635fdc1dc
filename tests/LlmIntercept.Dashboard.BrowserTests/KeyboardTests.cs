using LlmIntercept.Dashboard.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LlmIntercept.Dashboard.BrowserTests;

[Collection(DashboardCollection.Name)]
public sealed class KeyboardTests(DashboardFixture fixture)
{
    [Fact]
    public async Task KeyboardOnly_SearchesThenOpensARequestWithVisibleFocus()
    {
        await using var session = await BrowserSession.OpenAsync(fixture.Browser, fixture.Root);
        var page = session.Page;
        await session.SignInAsync("#/requests");
        await session.ListedIdsAsync(20);

        await page.Keyboard.PressAsync("/");
        await Expect(page.GetByLabel("Search")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("banana");
        await page.Keyboard.PressAsync("Enter");
        await session.ExpectRouteAsync(@"q=banana");
        await session.ListedIdsAsync(3);

        var firstRow = page.Locator("table.requests tbody tr").First.GetByRole(AriaRole.Link);
        for (var presses = 0; presses < 30 && !await IsFocusedAsync(firstRow); presses++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await Expect(firstRow).ToBeFocusedAsync();
        Assert.NotEqual("none", await firstRow.EvaluateAsync<string>("link => getComputedStyle(link).outlineStyle"));
        await page.Keyboard.PressAsync("Enter");

        await session.ExpectRouteAsync(@"#/requests/45\?q=banana$");
        await Expect(page.Locator(".bubble.role-user .text")).ToHaveTextAsync("Question 45: is a banana a berry?");
    }

    private static Task<bool> IsFocusedAsync(ILocator locator) =>
        locator.EvaluateAsync<bool>("element => element === document.activeElement");
}
