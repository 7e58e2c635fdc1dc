using LlmIntercept.Dashboard.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LlmIntercept.Dashboard.BrowserTests;

/// <summary>Captured prompts are attacker-controlled text: they must show as text and never run.</summary>
[Collection(DashboardCollection.Name)]
public sealed class UntrustedContentTests(DashboardFixture fixture)
{
    [Fact]
    public async Task ScriptAndMarkupInCapturedText_AreShownLiterallyAndNeverRun()
    {
        await using var session = await BrowserSession.OpenAsync(fixture.Browser, fixture.Root);
        var page = session.Page;
        await session.SignInAsync();
        await Expect(page.Locator("table.grid tbody th").Filter(new() { HasText = SeedData.HostileModel }))
            .ToHaveCountAsync(1);
        await Expect(page.Locator("select[name=model] option").Filter(new() { HasText = SeedData.HostileModel }))
            .ToHaveCountAsync(1);

        await session.GoToAsync("#/requests?tools=true");
        await Expect(page.Locator("table.requests tbody tr").First.Locator(".preview"))
            .ToHaveTextAsync($"{SeedData.ScriptPayload} {SeedData.ImagePayload} {SeedData.LinkPayload}");

        await session.GoToAsync($"#/requests/{SeedData.HostileId}");
        var user = page.Locator(".bubble.role-user .text");
        await Expect(user).ToHaveTextAsync($"{SeedData.ScriptPayload} {SeedData.ImagePayload} {SeedData.LinkPayload}");
        await Expect(page.Locator(".bubble.role-system .text")).ToHaveTextAsync(SeedData.LinkPayload);
        await Expect(page.Locator(".tool-call .tool-name")).ToHaveTextAsync("render<img src=x onerror=alert('tool')>");
        await page.Locator("details.reasoning summary").ClickAsync();
        await Expect(page.Locator("details.reasoning .text")).ToHaveTextAsync(SeedData.ScriptPayload);
        foreach (var summary in await page.Locator("details.raw summary").AllAsync())
        {
            await summary.ClickAsync();
        }

        await page.GetByText("click me").First.ClickAsync();
        await page.WaitForTimeoutAsync(300);

        Assert.Empty(session.Dialogs);
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__xss"));
        await Expect(page.Locator("img")).ToHaveCountAsync(0);
        await Expect(page.Locator("#xss-link")).ToHaveCountAsync(0);
        await Expect(page.Locator("a[href^='javascript:' i]")).ToHaveCountAsync(0);
        Assert.False(await page.EvaluateAsync<bool>(
            "() => [...document.scripts].some(script => script.textContent.includes('__xss'))"));
        await session.ExpectRouteAsync($@"#/requests/{SeedData.HostileId}$");
        await Screenshots.SaveAsync(page, "untrusted-content");
    }
}
