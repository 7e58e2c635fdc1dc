using System.Net;
using System.Text;
using LlmIntercept.Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmIntercept.Dashboard.Tests.Security;

/// <summary>
/// Every route the dashboard maps, read from the host's own endpoint list (so a route added later is tested
/// too), called without a session with every method it accepts: each refuses, apart from the few that must work
/// signed out (health, sign-in, the SPA's static shell), and none of those returns captured data.
/// </summary>
public sealed class RouteProtectionTests
{
    /// <summary>Text of the seeded requests; none of it may appear in an answer to someone signed out.</summary>
    private static readonly string[] CapturedText = ["How do I reset my password?", "Open the settings page"];

    /// <summary>Routes that answer without a session, by design.</summary>
    private static readonly HashSet<string> OpenRoutes = new(StringComparer.Ordinal)
    {
        "GET /health", "GET /alive", "POST {base}/auth/login", "POST {base}/auth/logout", "GET {base}/auth/session",
        "GET {base}/", "GET {base}/graphiql", "GET {base}/{**path}", "GET /admin",
    };

    [Theory]
    [InlineData("")]
    [InlineData("/admin")]
    public async Task EveryRoute_WithoutASession_IsRefusedOrOpenByDesignAndShowsNoCapturedData(string pathBase)
    {
        await using var host = await DashboardHost.StartAsync(new DashboardHostOptions { PathBase = pathBase });
        var routes = Routes(host, pathBase);
        Assert.Contains(routes, r => r.Key == "POST {base}/graphql");
        Assert.Contains(routes, r => r.Key == "POST {base}/api/export");

        using var anonymous = host.NewClient();
        foreach (var route in routes)
        {
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Url);
            if (route.Method != "GET")
            {
                // JSON passes the CSRF check, so what refuses the call is the missing session.
                request.Content = new StringContent("""{"query":"{ requests { items { id } } }","format":"jsonl"}""",
                    Encoding.UTF8, "application/json");
            }

            using var response = await anonymous.Http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            foreach (var text in CapturedText)
            {
                Assert.DoesNotContain(text, body, StringComparison.Ordinal);
            }

            if (!OpenRoutes.Contains(route.Key) && route.Url is not ("/health" or "/alive"))
            {
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized,
                    $"{route.Key} ({route.Url}) answered {(int)response.StatusCode} without a session");
            }
        }

        // The same data is there for someone signed in: the checks above refused a session, not an empty store.
        using var signedIn = await host.NewClient().SignedInAsync();
        var answer = await signedIn.GraphQLAsync("{ requests(page: 1, pageSize: 100) { totalCount } }");
        Assert.True(answer.Ok().GetProperty("requests").GetProperty("totalCount").GetInt32() > 0);
    }

    private static List<Route> Routes(DashboardHost host, string pathBase)
    {
        var routes = new List<Route>();
        foreach (var endpoint in host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"];
            var key = pattern is "/health" or "/alive" || (pathBase.Length == 0 && pattern == "/admin")
                ? pattern
                : "{base}" + pattern[pathBase.Length..];
            if (key == "{base}")
            {
                key = "{base}/";
            }

            foreach (var method in methods)
            {
                routes.Add(new Route($"{method} {key}", method, Concrete(pattern)));
            }
        }

        return routes;
    }

    /// <summary>The pattern with each parameter filled in: <c>{**path}</c> becomes <c>x</c>.</summary>
    private static string Concrete(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, @"\{[^}]+\}", "x");

    private sealed record Route(string Key, string Method, string Url);
}
