using System.Text;
using System.Text.Json;
using LlmIntercept.Dashboard.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using ZstdSharp;
using static Microsoft.Playwright.Assertions;

namespace LlmIntercept.Dashboard.BrowserTests;

/// <summary>Review in the browser (one request and in bulk), then an export with options and its report.</summary>
/// <remarks>
/// Its store is its own, but it joins the dashboard collection so that no two browsers and servers run at once: in
/// parallel on two cores, the other tests' lists missed their waits.
/// </remarks>
[Collection(DashboardCollection.Name)]
public sealed class CurationTests(CurationFixture fixture) : IClassFixture<CurationFixture>
{
    [Fact]
    public async Task ReviewThenExport_TagsStarsExcludesAndTheReportMatchesTheFile()
    {
        await using var session = await BrowserSession.OpenAsync(fixture.Browser, fixture.Root);
        session.AcceptDialogs = true;
        var page = session.Page;

        // One request: star, tag, exclude.
        await session.SignInAsync("#/requests/3");
        await page.GetByRole(AriaRole.Button, new() { Name = "☆ Star" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "★ Starred" })).ToBeVisibleAsync();
        await page.GetByLabel("New tag").FillAsync("Golden");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Tags" })).ToHaveTextAsync("golden×");
        await page.GetByRole(AriaRole.Button, new() { Name = "Exclude from datasets" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Excluded from datasets · include" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "review-request");

        await session.GoToAsync("#/requests?tag=golden");
        await session.ExpectListedAsync([3]);
        await session.GoToAsync("#/requests?review=starred");
        await session.ExpectListedAsync([3]);

        // Bulk: every request the filter selects.
        await session.GoToAsync("#/requests?q=banana");
        await session.ExpectListedAsync(Enumerable.Reverse(SeedData.BananaIds));
        await page.GetByText("Review all 3 matching requests").ClickAsync();
        await page.GetByLabel("Tag for all matching requests").FillAsync("berry");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add tag" }).ClickAsync();
        await Expect(page.GetByText("Add tag berry: 3 requests changed.")).ToBeVisibleAsync();
        Assert.Contains("Add tag berry for all 3 matching requests?", session.Dialogs);
        await Expect(page.Locator("tr[data-id='15'] .tag.label")).ToHaveTextAsync("#berry");
        await Screenshots.SaveAsync(page, "review-bulk");

        // Export with options; the report is fetched after the download and agrees with the file.
        await session.GoToAsync("#/export?tag=berry");
        await page.GetByLabel("Format").SelectOptionAsync("jsonl.zst");
        await page.GetByLabel("Flavour").SelectOptionAsync("sharegpt");
        await page.GetByLabel("Validation split (%)").FillAsync("50");
        await page.GetByLabel("Redact personal data (emails, phones, cards, IBANs, keys, IPs)").CheckAsync();
        var download = await page.RunAndWaitForDownloadAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Export", Exact = true }).ClickAsync());
        var report = page.GetByRole(AriaRole.Region, new() { Name = "Export report" });
        await Expect(report).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "export-report");

        var lines = await ReadJsonLinesAsync(download);
        Assert.Equal(3, lines.Count);
        Assert.All(lines, line => Assert.Equal(["conversations", "system", "split"], line.EnumerateObject().Select(p => p.Name)));
        var validation = lines.Count(line => line.GetProperty("split").GetString() == "validation");
        await Expect(report.Locator(".report-totals div", new() { HasText = "Rows written" }).Locator("dd")).ToHaveTextAsync("3");
        await Expect(report.Locator(".report-totals div", new() { HasText = "Validation" }).Locator("dd"))
            .ToHaveTextAsync(validation.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // The excluded request is reported, not written.
        await session.GoToAsync("#/export?tag=golden");
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview report" }).ClickAsync();
        var preview = page.GetByRole(AriaRole.Region, new() { Name = "Preview report" });
        await Expect(preview.Locator(".report-totals div", new() { HasText = "Rows written" }).Locator("dd")).ToHaveTextAsync("0");
        await Expect(preview.Locator("tr", new() { HasText = "excluded" })).ToHaveTextAsync("excluded1");

        // Retention: the seeded requests are younger than 3650 days, so nothing goes.
        await page.GetByLabel("Delete requests older than (days)").FillAsync("3650");
        await page.GetByRole(AriaRole.Button, new() { Name = "Prune" }).ClickAsync();
        await Expect(page.GetByText("Deleted 0 requests.")).ToBeVisibleAsync();
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
}
