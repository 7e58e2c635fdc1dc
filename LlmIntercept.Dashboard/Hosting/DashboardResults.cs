using System.Text.Json;

namespace LlmIntercept.Dashboard.Hosting;

/// <summary>The JSON answers every dashboard endpoint shares.</summary>
internal static class DashboardResults
{
    /// <summary>The GraphQL-shaped answer to a request without a session (see docs/graphql-schema.md).</summary>
    public static readonly object Unauthenticated = new
    {
        errors = new[] { new { message = "Sign in first.", extensions = new { code = "UNAUTHENTICATED" } } },
    };

    public static IResult Unauthorized() => Results.Json(Unauthenticated, statusCode: StatusCodes.Status401Unauthorized);

    public static Task WriteUnauthenticatedAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        http.Response.Headers.CacheControl = "no-store";
        return http.Response.WriteAsJsonAsync(Unauthenticated, JsonSerializerOptions.Web);
    }

    public static IResult Error(string message, int statusCode) =>
        Results.Json(new { error = message }, statusCode: statusCode);
}
