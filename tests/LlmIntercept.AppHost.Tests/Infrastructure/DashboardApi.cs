using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace LlmIntercept.AppHost.Tests.Infrastructure;

/// <summary>A browser-like client of the dashboard service: keeps its session cookie, follows no redirect.</summary>
internal sealed class DashboardApi(Uri baseUri) : IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler
    {
        CookieContainer = new CookieContainer(),
        AllowAutoRedirect = false,
    })
    {
        BaseAddress = baseUri,
    };

    public async Task SignInAsync(string password)
    {
        using var response = await _http.PostAsJsonAsync("auth/login", new { password });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    /// <summary>Runs a query and returns its <c>data</c>, failing the test on any error.</summary>
    public async Task<JsonElement> QueryAsync(string query, object? variables = null)
    {
        using var response = await _http.PostAsJsonAsync("graphql", new { query, variables });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        Assert.False(document.RootElement.TryGetProperty("errors", out var errors), errors.ToString());
        return document.RootElement.GetProperty("data").Clone();
    }

    public void Dispose() => _http.Dispose();
}
