using LlmIntercept.Dashboard.Hosting;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace LlmIntercept.Dashboard.FrontEnd;

/// <summary>
/// The built SPA (<c>wwwroot/dist</c>): <c>DASHBOARD_DIST_PATH</c> when set, else under the content root (the
/// project folder under <c>dotnet run</c>), else beside the binaries. Looked up once, at the first request.
/// </summary>
internal sealed class FrontEndFiles : IDisposable
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    private readonly Lazy<PhysicalFileProvider?> provider;

    public FrontEndFiles(IOptions<DashboardOptions> options, IWebHostEnvironment environment, ILogger<FrontEndFiles> logger)
    {
        provider = new Lazy<PhysicalFileProvider?>(() => Open(Candidates(options.Value, environment), logger));
    }

    public bool IsBuilt => provider.Value is not null;

    /// <summary>A file of the build, or null; paths that leave the folder or name hidden files are never found.</summary>
    public IFileInfo? Find(string relativePath)
    {
        var file = provider.Value?.GetFileInfo(relativePath);
        return file is { Exists: true, IsDirectory: false, PhysicalPath: not null } ? file : null;
    }

    public static string ContentTypeOf(string fileName) =>
        ContentTypes.TryGetContentType(fileName, out var type) ? type : "application/octet-stream";

    public void Dispose()
    {
        if (provider.IsValueCreated)
        {
            provider.Value?.Dispose();
        }
    }

    private static IEnumerable<string> Candidates(DashboardOptions options, IWebHostEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(options.DistPath))
        {
            yield return Path.GetFullPath(options.DistPath);
            yield break;
        }

        yield return Path.Combine(environment.ContentRootPath, "wwwroot", "dist");
        yield return Path.Combine(AppContext.BaseDirectory, "wwwroot", "dist");
    }

    private static PhysicalFileProvider? Open(IEnumerable<string> candidates, ILogger logger)
    {
        var searched = candidates.Distinct().ToList();
        var folder = searched.FirstOrDefault(path => File.Exists(Path.Combine(path, "index.html")));
        if (folder is null)
        {
            Log.FrontEndMissing(logger, string.Join(", ", searched));
            return null;
        }

        Log.FrontEndFound(logger, folder);
        return new PhysicalFileProvider(folder);
    }
}
