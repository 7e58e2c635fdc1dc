using LlmIntercept.Dashboard.Hosting;
using LlmIntercept.Dashboard.SignIn;
using Microsoft.Extensions.FileProviders;

namespace LlmIntercept.Dashboard.FrontEnd;

/// <summary>
/// The SPA at <c>{base}/</c>: its files, <c>index.html</c> for any other page path (the SPA routes itself), and
/// the GraphQL explorer at <c>{base}/graphiql</c> for signed-in people. API paths never fall back to the page.
/// </summary>
internal static class FrontEndEndpoints
{
    private const string IndexPage = "index.html";
    private const string GraphiQLPage = "graphiql.html";
    private static readonly string[] ApiSegments = ["graphql", "auth", "api"];

    public static void MapFrontEnd(this RouteGroupBuilder dashboard)
    {
        dashboard.MapGet("/", HomeAsync);
        dashboard.MapGet("/graphiql", GraphiQLAsync);
        dashboard.MapGet("/{**path}", FileAsync);
    }

    private static async Task<IResult> HomeAsync(
        HttpContext http,
        DashboardMount mount,
        PasswordSignIn signIn,
        FrontEndFiles files)
    {
        if (PasswordLink.IsPresent(http.Request))
        {
            return await PasswordLink.SignInAsync(http, mount, signIn);
        }

        // The SPA loads its scripts by relative URL, so "/admin" must become "/admin/" first.
        if (!http.Request.Path.Value!.EndsWith('/'))
        {
            return Results.Redirect(mount.Home + http.Request.QueryString);
        }

        return Page(http, files, IndexPage);
    }

    private static async Task<IResult> GraphiQLAsync(HttpContext http, DashboardMount mount, FrontEndFiles files)
    {
        if (!await SessionRequired.IsSignedInAsync(http))
        {
            return Results.Redirect(mount.Home);
        }

        http.Response.Headers.CacheControl = "no-store";
        return Page(http, files, GraphiQLPage);
    }

    private static async Task<IResult> FileAsync(
        string? path,
        HttpContext http,
        DashboardMount mount,
        FrontEndFiles files)
    {
        path ??= "";
        var firstSegment = path.Split('/', 2)[0];
        if (ApiSegments.Contains(firstSegment, StringComparer.OrdinalIgnoreCase))
        {
            return DashboardResults.Error("Not found.", StatusCodes.Status404NotFound);
        }

        if (path.Equals(GraphiQLPage, StringComparison.OrdinalIgnoreCase))
        {
            return await GraphiQLAsync(http, mount, files);
        }

        if (!files.IsBuilt)
        {
            return MissingFrontEndPage.Result();
        }

        if (files.Find(path) is { } file)
        {
            return Serve(http, file, path);
        }

        // A missing script or image is an error; any other path is a page of the SPA.
        return Path.HasExtension(path)
            ? Results.NotFound()
            : Page(http, files, IndexPage);
    }

    private static IResult Page(HttpContext http, FrontEndFiles files, string name)
    {
        if (!files.IsBuilt)
        {
            return MissingFrontEndPage.Result();
        }

        return files.Find(name) is { } file ? Serve(http, file, name) : Results.NotFound();
    }

    private static IResult Serve(HttpContext http, IFileInfo file, string path)
    {
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";

        // Vite names bundled files by content hash, so they never change; pages must be checked every time.
        if (headers.CacheControl.Count == 0)
        {
            headers.CacheControl = path.StartsWith("assets/", StringComparison.Ordinal)
                ? "public, max-age=31536000, immutable"
                : "no-cache";
        }

        return Results.File(file.PhysicalPath!, FrontEndFiles.ContentTypeOf(file.Name), lastModified: file.LastModified);
    }
}
