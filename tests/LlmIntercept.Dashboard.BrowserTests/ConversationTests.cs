using System.Text.Json;
using LlmIntercept.Dashboard.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LlmIntercept.Dashboard.BrowserTests;

[Collection(DashboardCollection.Name)]
public sealed class ConversationTests(DashboardFixture fixture)
{
    [Fact]
    public async Task OpenRequestWithToolCall_ShowsBubblesToolNamePrettyArgumentsAndFoldedReasoning()
    {
        await using var session = await BrowserSession.OpenAsync(fixture.Browser, fixture.Root);
        var page = session.Page;
        await session.SignInAsync("#/requests?model=gpt-4o");
        await session.ListedIdsAsync(1);

        await page.Locator("table.requests tbody tr").First.GetByRole(AriaRole.Link).ClickAsync();

        await session.ExpectRouteAsync(@"#/requests/51\?model=gpt-4o$");
        var bubbles = page.Locator(".bubble");
        await Expect(bubbles).ToHaveCountAsync(3);
        await Expect(bubbles.Nth(0).Locator(".role")).ToHaveTextAsync("System");
        await Expect(bubbles.Nth(1)).ToContainTextAsync("What is the weather in Paris?");
        await Expect(bubbles.Nth(2).Locator(".role")).ToHaveTextAsync("Assistant");

        var call = page.Locator(".tool-call");
        await Expect(call.Locator(".tool-name")).ToHaveTextAsync(SeedData.ToolName);
        var pretty = JsonSerializer.Serialize(
            JsonDocument.Parse(SeedData.ToolArguments).RootElement,
            new JsonSerializerOptions { WriteIndented = true, IndentSize = 2 });
        Assert.Equal(pretty, (await call.Locator(".tool-args").TextContentAsync())?.Replace("\r\n", "\n"));

        var reasoning = page.Locator("details.reasoning");
        await Expect(reasoning).Not.ToHaveAttributeAsync("open", "");
        await Expect(page.GetByText(SeedData.Reasoning)).ToBeHiddenAsync();
        await reasoning.Locator("summary").ClickAsync();
        await Expect(page.GetByText(SeedData.Reasoning)).ToBeVisibleAsync();

        var raw = page.Locator("details.raw").Filter(new() { HasText = "Raw request" });
        await raw.Locator("summary").ClickAsync();
        await Expect(raw.Locator("pre")).ToContainTextAsync("\"model\": \"gpt-4o\"");
        await Expect(page.Locator(".meta")).ToContainTextAsync("tool_calls");
        await Screenshots.SaveAsync(page, "conversation");

        await page.GetByRole(AriaRole.Link, new() { Name = "← All requests" }).ClickAsync();
        await session.ExpectRouteAsync(@"#/requests\?model=gpt-4o$");
    }

    [Fact]
    public async Task MissingRequest_SaysItIsNotInTheStore()
    {
        await using var session = await BrowserSession.OpenAsync(fixture.Browser, fixture.Root);
        await session.SignInAsync("#/requests/999999");

        await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = "Request #999999 is not in the store" }))
            .ToBeVisibleAsync();
    }
}
