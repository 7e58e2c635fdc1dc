using LlmIntercept.Dashboard.Hosting;
using LlmIntercept.Dashboard.SignIn;

namespace LlmIntercept.Dashboard.FrontEnd;

/// <summary>
/// The original tool's bookmarkable link, <c>/admin?password=...</c>: it signs in once and redirects to the same
/// page without the password, so the password leaves the address bar and the browser history's current entry.
/// The host's request logging never sees it either: see <see cref="DashboardLogging"/>.
/// </summary>
internal static class PasswordLink
{
    public const string QueryKey = "password";

    public static bool IsPresent(HttpRequest request) => request.Query.ContainsKey(QueryKey);

    public static async Task<IResult> SignInAsync(HttpContext http, DashboardMount mount, PasswordSignIn signIn)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        var result = await signIn.SignInAsync(http, http.Request.Query[QueryKey].ToString());

        // A wrong password lands on the sign-in form like anyone without a session.
        return result.Outcome == SignInOutcome.LockedOut
            ? SignInEndpoints.TooManyAttempts(http, result.RetryAfter)
            : Results.Redirect(mount.Home);
    }

    /// <summary>The original path, kept for links to <c>/admin?password=...</c> when the dashboard runs at <c>/</c>.</summary>
    public static void MapOriginalLink(this IEndpointRouteBuilder app, DashboardMount mount)
    {
        if (mount.PathBase == "/admin")
        {
            return;
        }

        app.MapGet("/admin", (HttpContext http, PasswordSignIn signIn) =>
            IsPresent(http.Request) ? SignInAsync(http, mount, signIn) : Task.FromResult(Results.Redirect(mount.Home)));
    }
}
