using Microsoft.Playwright;

namespace LlmIntercept.Dashboard.BrowserTests.Infrastructure;

/// <summary>Saves full-page screenshots into the test project's TestResults/screenshots folder, as artifacts.</summary>
internal static class Screenshots
{
    public static readonly string Folder = Path.Combine(ProjectFolder(), "TestResults", "screenshots");

    public static async Task SaveAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(Folder, name + ".png"),
            FullPage = true,
        });
    }

    private static string ProjectFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (folder.GetFiles("*.csproj").Length > 0)
            {
                return folder.FullName;
            }
        }

        return AppContext.BaseDirectory;
    }
}
