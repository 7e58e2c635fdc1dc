using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace LlmIntercept.Dashboard.Tests.Infrastructure;

/// <summary>A browser-like client of one dashboard: it keeps cookies and does not follow redirects.</summary>
internal sealed class DashboardClient : IDisposable
{
    private readonly DashboardHost host;

    public DashboardClient(DashboardHost host)
    {
        this.host = host;
        Cookies = new CookieContainer();
        Http = new HttpClient(new HttpClientHandler
        {
            CookieContainer = Cookies,
            AllowAutoRedirect = false,
            ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
        })
        {
            BaseAddress = host.Address,
        };
    }

    public HttpClient Http { get; }

    public CookieContainer Cookies { get; }

    /// <summary>A path below the dashboard's base: <c>graphql</c> becomes <c>/admin/graphql</c> under /admin.</summary>
    public string Url(string relative) => host.PathBase + "/" + relative;

    public Task<HttpResponseMessage> SignInAsync(string password = DashboardHost.Password) =>
        PostJsonAsync("auth/login", new { password });

    public Task<HttpResponseMessage> SignOutAsync() => PostJsonAsync("auth/logout", new { });

    public Task<HttpResponseMessage> PostJsonAsync(string relative, object body) =>
        Http.PostAsJsonAsync(Url(relative), body);

    public Task<HttpResponseMessage> PostRawAsync(string relative, string body, string contentType) =>
        Http.PostAsync(Url(relative), new StringContent(body, Encoding.UTF8, contentType));

    public Task<HttpResponseMessage> GetAsync(string relative) => Http.GetAsync(Url(relative));

    /// <summary>Posts a GraphQL query; returns the status code and the parsed body.</summary>
    public async Task<GraphQLAnswer> GraphQLAsync(string query, object? variables = null)
    {
        using var response = await PostJsonAsync("graphql", new { query, variables });
        return await GraphQLAnswer.ReadAsync(response);
    }

    /// <summary>Signs in and fails the test if that did not work.</summary>
    public async Task<DashboardClient> SignedInAsync()
    {
        using var response = await SignInAsync();
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return this;
    }

    public void Dispose() => Http.Dispose();
}

/// <summary>A GraphQL answer: status, <c>data</c> and <c>errors</c>.</summary>
internal sealed record GraphQLAnswer(HttpStatusCode Status, JsonElement Body)
{
    public JsonElement Data => Body.GetProperty("data");

    public bool HasErrors => Body.TryGetProperty("errors", out var errors) && errors.GetArrayLength() > 0;

    public IReadOnlyList<string> ErrorMessages => HasErrors
        ? Body.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("message").GetString()!).ToList()
        : [];

    public static async Task<GraphQLAnswer> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return new GraphQLAnswer(response.StatusCode, document.RootElement.Clone());
    }

    /// <summary>The data, failing the test with the errors if there were any.</summary>
    public JsonElement Ok()
    {
        Assert.True(Status == HttpStatusCode.OK && !HasErrors, $"{Status}: {string.Join(" | ", ErrorMessages)}");
        return Data;
    }
}
