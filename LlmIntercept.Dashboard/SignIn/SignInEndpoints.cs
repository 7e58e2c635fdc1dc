using System.Text.Json;
using LlmIntercept.Dashboard.Hosting;
using LlmIntercept.Store;

namespace LlmIntercept.Dashboard.SignIn;

/// <summary><c>POST auth/login</c>, <c>POST auth/logout</c> and <c>GET auth/session</c>.</summary>
internal static class SignInEndpoints
{
    public static void MapSignIn(this RouteGroupBuilder dashboard)
    {
        var auth = dashboard.MapGroup("/auth");
        auth.MapPost("/login", LoginAsync).AddEndpointFilter<CsrfProtected>();
        auth.MapPost("/logout", LogoutAsync).AddEndpointFilter<CsrfProtected>();
        auth.MapGet("/session", (Func<HttpContext, Task<IResult>>)SessionAsync);
    }

    private static async Task<IResult> LoginAsync(HttpContext http, PasswordSignIn signIn, CancellationToken cancellationToken)
    {
        http.Response.Headers.CacheControl = "no-store";
        var body = await LoginBody.ReadAsync(http.Request, cancellationToken);
        if (body.Error is not null)
        {
            return DashboardResults.Error(body.Error, StatusCodes.Status400BadRequest);
        }

        var result = await signIn.SignInAsync(http, body.Password);
        return result.Outcome switch
        {
            SignInOutcome.SignedIn => Results.NoContent(),
            SignInOutcome.LockedOut => TooManyAttempts(http, result.RetryAfter),
            _ => DashboardResults.Error("Wrong password.", StatusCodes.Status401Unauthorized),
        };
    }

    private static async Task<IResult> LogoutAsync(HttpContext http, PasswordSignIn signIn)
    {
        http.Response.Headers.CacheControl = "no-store";
        await signIn.SignOutAsync(http);
        return Results.NoContent();
    }

    private static async Task<IResult> SessionAsync(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(new { authenticated = await SessionRequired.IsSignedInAsync(http) });
    }

    public static IResult TooManyAttempts(HttpContext http, TimeSpan retryAfter)
    {
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
        return DashboardResults.Error(
            "Too many wrong passwords. Try again in a minute.", StatusCodes.Status429TooManyRequests);
    }

    /// <summary>The password from a JSON body <c>{"password": "..."}</c> or a form field <c>password</c>.</summary>
    private sealed record LoginBody(string? Password, string? Error)
    {
        public static async Task<LoginBody> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
        {
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(cancellationToken);
                return new LoginBody(form["password"].ToString(), null);
            }

            if (!request.HasJsonContentType())
            {
                return new LoginBody(null, "Send the password as JSON {\"password\": \"...\"} or as a form field.");
            }

            try
            {
                using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
                return document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("password", out var password)
                    && password.ValueKind == JsonValueKind.String
                        ? new LoginBody(JsonText.Read(password), null)
                        : new LoginBody(null, "The body needs a string field \"password\".");
            }
            catch (JsonException)
            {
                return new LoginBody(null, "The body is not valid JSON.");
            }
        }
    }
}
