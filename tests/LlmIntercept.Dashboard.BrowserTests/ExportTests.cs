using System.Text;
using System.Text.Json;
using LlmIntercept.Dashboard.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using ZstdSharp;
using static Microsoft.Playwright.Assertions;

namespace LlmIntercept.Dashboard.BrowserTests;

[Collection(DashboardCollection.Name)]
public sealed class ExportTests(DashboardFixture fixture)
{
    [Fact]
    public async Task ExportWithCurrentFilters_DownloadsTimestampedFileHoldingExactlyThoseRows()
    {
        await using var session = await BrowserSession.OpenAsync(fixture.Browser, fixture.Root);
        var page = session.Page;
        await session.SignInAsync("#/requests?model=gpt-4o-mini");
        await page.GetByRole(AriaRole.Link, new() { Name = "Export" }).ClickAsync();

        await session.ExpectRouteAsync(@"#/export\?model=gpt-4o-mini$");
        await Expect(page.Locator(".chips")).ToHaveTextAsync("model gpt-4o-mini");
        await page.GetByLabel("Format").SelectOptionAsync("jsonl.zst");
        await page.GetByLabel("Include system prompts").UncheckAsync();
        await Expect(page.GetByText("45 rows will be exported.")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "export");

        var download = await page.RunAndWaitForDownloadAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Export", Exact = true }).ClickAsync());

        Assert.Matches(@"^llm-intercept-\d{8}-\d{6}\.jsonl\.zst$", download.SuggestedFilename);
        await Expect(page.Locator(".message.ok")).ToContainTextAsync($"Saved {download.SuggestedFilename}");
        await Screenshots.SaveAsync(page, "export-done");
        var lines = await ReadJsonLinesAsync(download);
        Assert.Equal(SeedData.MiniCount, lines.Count);
        var questions = lines.Select(line => Messages(line).Single(m => m.Role == "user").Content).ToHashSet();
        Assert.Equal(SeedData.MiniCount, questions.Count);
        Assert.All(questions, question => Assert.StartsWith("Question ", question));
        Assert.DoesNotContain(lines.SelectMany(Messages), message => message.Role == "system");
    }

    [Fact]
    public async Task ExportRefusedByTheService_ShowsTheServicesReason()
    {
        await using var session = await BrowserSession.OpenAsync(fixture.Browser, fixture.Root);
        var page = session.Page;
        await session.SignInAsync("#/export");
        await Expect(page.GetByText($"{SeedData.Exportable} rows will be exported.")).ToBeVisibleAsync();
        await page.RouteAsync("**/api/export", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 400,
            ContentType = "application/json",
            Body = """{"error":"Unknown export format \"csv\". Available: jsonl.zst, parquet."}""",
        }));

        await page.GetByRole(AriaRole.Button, new() { Name = "Export", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert))
            .ToHaveTextAsync("Export failed: Unknown export format \"csv\". Available: jsonl.zst, parquet.");
    }

    [Fact]
    public async Task RowCountStillComing_FormIsAlreadyUsableAndTheCountFollows()
    {
        await using var session = await BrowserSession.OpenAsync(fixture.Browser, fixture.Root);
        var page = session.Page;
        await session.SignInAsync();
        // On a big store the count takes seconds; holding its answer back stands in for that.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync("**/graphql", async route =>
        {
            if (route.Request.PostData?.Contains("exportCount", StringComparison.Ordinal) == true)
            {
                await release.Task;
            }

            await route.ContinueAsync();
        });

        await session.GoToAsync("#/export");

        await Expect(page.Locator(".export-count")).ToHaveTextAsync("Counting…");
        await Expect(page.GetByLabel("Format").Locator("option[value='jsonl.zst']")).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Export", Exact = true })).ToBeEnabledAsync();
        release.SetResult();
        await Expect(page.Locator(".export-count")).ToHaveTextAsync($"{SeedData.Exportable} rows will be exported.");
    }

    private static async Task<List<JsonElement>> ReadJsonLinesAsync(IDownload download)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-{download.SuggestedFilename}");
        await download.SaveAsAsync(path);
        try
        {
            await using var file = File.OpenRead(path);
            await using var zstd = new DecompressionStream(file);
            using var reader = new StreamReader(zstd, Encoding.UTF8);
            var text = await reader.ReadToEndAsync();
            return text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => JsonDocument.Parse(line).RootElement.Clone())
                .ToList();
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static IEnumerable<(string Role, string Content)> Messages(JsonElement line) =>
        line.GetProperty("messages").EnumerateArray().Select(message => (
            message.GetProperty("role").GetString()!,
            message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String
                ? content.GetString()!
                : ""));
}
