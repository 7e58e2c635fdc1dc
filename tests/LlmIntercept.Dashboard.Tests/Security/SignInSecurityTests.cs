using System.Diagnostics;
using System.Net;
using System.Text;
using LlmIntercept.Dashboard.Tests.Infrastructure;

namespace LlmIntercept.Dashboard.Tests.Security;

/// <summary>Brute force, cookie flags, cross-site forgery, and the password's absence from logs and spans.</summary>
public sealed class SignInSecurityTests
{
    [Fact]
    public async Task WrongPasswords_AfterFiveTheRightOneIsRefusedToo_With429AndRetryAfter()
    {
        await using var host = await DashboardHost.StartAsync(new DashboardHostOptions { SeedKnownRequests = false });
        using var client = host.NewClient();
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await client.SignInAsync("guess-" + i);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var locked = await client.SignInAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.InRange(int.Parse(locked.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Empty(client.Cookies.GetAllCookies());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SessionCookie_IsHttpOnlyAndSameSiteStrict_AndSecureOverHttps(bool https)
    {
        await using var host = await DashboardHost.StartAsync(new DashboardHostOptions { SeedKnownRequests = false, Https = https });
        using var client = host.NewClient();
        Assert.Equal(https ? "https" : "http", host.Address.Scheme);

        using var response = await client.SignInAsync();

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("llm_intercept_dashboard=", StringComparison.Ordinal));
        var attributes = cookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant()).ToList();
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=strict", attributes);
        Assert.Equal(https, attributes.Contains("secure"));
    }

    [Theory]
    [InlineData("graphql", "application/x-www-form-urlencoded", "query=%7B%20requests%20%7B%20totalCount%20%7D%20%7D")]
    [InlineData("graphql", "text/plain", """{"query":"{ requests { totalCount } }"}""")]
    [InlineData("graphql", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"query\"\r\n\r\n{ requests { totalCount } }\r\n--x--\r\n")]
    [InlineData("api/export", "application/x-www-form-urlencoded", "format=jsonl")]
    [InlineData("auth/logout", "application/x-www-form-urlencoded", "")]
    [InlineData("auth/login", "application/x-www-form-urlencoded", "password=correct")]
    public async Task CrossSiteFormPost_WithAValidSessionCookie_IsRefusedWith403(string path, string contentType, string body)
    {
        await using var host = await DashboardHost.StartAsync();
        using var client = await host.NewClient().SignedInAsync();

        // What a hostile page's <form> (or a no-preflight fetch) can send: the browser would attach the cookie.
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        using var forged = await client.Http.PostAsync(client.Url(path), content);

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.DoesNotContain("How do I reset my password?", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var session = await client.GetAsync("auth/session");
        Assert.Contains("\"authenticated\":true", await session.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FullRun_ThePasswordIsInNoLogLineAndNoSpan()
    {
        var logs = new CapturedLogs();
        var spans = new List<Activity>();
        await using (var host = await DashboardHost.StartAsync(new DashboardHostOptions { Logs = logs, Spans = spans }))
        {
            using var client = host.NewClient();
            (await client.SignInAsync("wrong " + DashboardHost.Password)).Dispose();
            (await client.SignInAsync()).Dispose();
            (await client.GraphQLAsync("{ requests { totalCount } }")).Ok();
            (await client.PostRawAsync("graphql", "{nope", "application/json")).Dispose();
            (await client.SignOutAsync()).Dispose();
            (await client.Http.GetAsync("/admin?password=" + Uri.EscapeDataString(DashboardHost.Password))).Dispose();
            (await client.Http.GetAsync("/?password=" + Uri.EscapeDataString(DashboardHost.Password))).Dispose();
        }

        Assert.Contains(logs.Lines, l => l.Contains("Dashboard sign-in", StringComparison.Ordinal));
        Assert.NotEmpty(spans);
        var escaped = Uri.EscapeDataString(DashboardHost.Password);
        foreach (var secret in new[] { DashboardHost.Password, escaped, "correct horse" })
        {
            Assert.DoesNotContain(logs.Lines, l => l.Contains(secret, StringComparison.Ordinal));
            foreach (var span in spans)
            {
                var text = string.Join('\n', [span.DisplayName, .. span.TagObjects.Select(t => $"{t.Key}={t.Value}"),
                    .. span.Events.SelectMany(e => e.Tags.Select(t => $"{t.Key}={t.Value}"))]);
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
    }
}
