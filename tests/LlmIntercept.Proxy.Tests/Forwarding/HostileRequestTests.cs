using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using LlmIntercept.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace LlmIntercept.Proxy.Tests.Forwarding;

/// <summary>
/// Requests that try to steer the proxy elsewhere, large and odd bodies, and the secrets of a full run: the
/// upstream is fixed by configuration, and no key reaches a log line, a span or a stored column.
/// </summary>
public sealed class HostileRequestTests : IAsyncLifetime
{
    private const string Reply = """{"id":"r","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}""";
    private const string ClientKey = "sk-client-secret-4f1d9a";
    private const string UrlKey = "url-query-secret-77c2";
    private const int Limit = 100_000;
    private readonly CapturedLogs _logs = new();
    private readonly List<Activity> _spans = [];
    private FakeUpstream _upstream = null!;
    private ProxyFixture _proxy = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _upstream.Enqueue(ScriptedResponse.Json(200, Reply));
        var upstreamUrl = new Uri(_upstream.BaseUri, $"/v1/chat/completions?key={UrlKey}");
        _proxy = await ProxyFixture.StartAsync(
            upstreamUrl,
            new Dictionary<string, string?> { ["Proxy:MaxRequestBodyBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            _logs,
            builder => builder.Services.AddOpenTelemetry().WithTracing(t => t.AddInMemoryExporter(_spans)));
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Theory]
    [InlineData("POST http://evil.test/v1/chat/completions HTTP/1.1", "Host: evil.test")]
    [InlineData("POST /v1/chat/completions HTTP/1.1", "Host: evil.test:8443")]
    [InlineData("POST /v1/chat/completions HTTP/1.1", "Host: x\r\nX-Forwarded-Host: evil.test\r\nX-Forwarded-Proto: https\r\nForwarded: host=evil.test;proto=https")]
    [InlineData("POST /v1/chat/completions HTTP/1.1", "Host: x\r\nX-Original-URL: http://evil.test/x\r\nX-Rewrite-URL: http://evil.test/x")]
    public async Task HostHeadersAndAbsoluteUrls_NeverChangeWhereTheCallGoes(string requestLine, string headers)
    {
        const string body = """{"model":"m","messages":[],"base_url":"http://evil.test/v1","url":"http://evil.test"}""";

        var status = await SendRawAsync($"{requestLine}\r\n{headers}\r\nContent-Type: application/json\r\n"
            + $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}");

        Assert.Equal(200, status);
        var received = Assert.Single(_upstream.Requests);
        Assert.Equal($"/v1/chat/completions?key={UrlKey}", received.PathAndQuery);
        Assert.Equal(_upstream.BaseUri.Authority, received.Headers["Host"]);
        Assert.Equal(body, received.BodyText);
    }

    [Theory]
    [InlineData("POST //evil.test/v1/chat/completions HTTP/1.1")]
    [InlineData("POST /v1/chat/completions/../../http://evil.test/ HTTP/1.1")]
    [InlineData("POST /v1/chat/completions/%2e%2e/%2e%2e/evil HTTP/1.1")]
    public async Task PathTricks_AreNotForwardedAnywhere(string requestLine)
    {
        const string body = """{"model":"m","messages":[]}""";

        await SendRawAsync($"{requestLine}\r\nHost: evil.test\r\nContent-Type: application/json\r\n"
            + $"Content-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");

        // Whatever the answer, a request that reached the upstream went to the configured URL only.
        Assert.All(_upstream.Requests, r => Assert.Equal($"/v1/chat/completions?key={UrlKey}", r.PathAndQuery));
    }

    [Fact]
    public async Task BodyAtTheConfiguredLimit_IsForwarded_OneByteMore_Gets413()
    {
        var atLimit = Padded(Limit);
        var overLimit = Padded(Limit + 1);

        using var http = new HttpClient();
        using var accepted = await http.PostAsync(_proxy.ChatCompletionsUri, Json(atLimit));
        using var refused = await http.PostAsync(_proxy.ChatCompletionsUri, Json(overLimit));

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        using var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Contains($"larger than {Limit} bytes", error.RootElement.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(Limit, Assert.Single(_upstream.Requests).Body.Length);
    }

    [Fact]
    public async Task HugeMessagesArray_IsForwardedAndStoredWhole()
    {
        await using var proxy = await ProxyFixture.StartAsync(_upstream.ChatCompletionsUri);
        var messages = string.Join(',', Enumerable.Range(0, 50_000).Select(i => $$"""{"role":"user","content":"m{{i}}"}"""));
        var body = $$"""{"model":"m","messages":[{{messages}}]}""";

        using var http = new HttpClient();
        using var response = await http.PostAsync(proxy.ChatCompletionsUri, Json(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = await proxy.WaitForRecordAsync();
        Assert.Equal(body, record.RequestBody);
        using var stored = JsonDocument.Parse(record.Messages!);
        // The stored conversation is the request's messages followed by the assistant's answer.
        Assert.Equal(50_001, stored.RootElement.GetArrayLength());
        Assert.Equal("m49999", stored.RootElement[49_999].GetProperty("content").GetString());
        Assert.Equal("assistant", stored.RootElement[50_000].GetProperty("role").GetString());
    }

    [Fact]
    public async Task LoneSurrogateEscapes_AreForwardedStoredAndDoNotStopLaterRecords()
    {
        // Valid JSON, valid UTF-8, but not Unicode: System.Text.Json's GetString throws on it.
        const string body = """{"model":"m\ud800","messages":[{"role":"user","content":"bad \udfff text"}]}""";

        using var http = new HttpClient();
        using var first = await http.PostAsync(_proxy.ChatCompletionsUri, Json(body));
        using var second = await http.PostAsync(_proxy.ChatCompletionsUri, Json("""{"model":"m","messages":[]}"""));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var records = await _proxy.WaitForRecordsAsync(2);
        Assert.Equal(body, records[0].RequestBody);
        Assert.Equal("m\\ud800", records[0].Model);
        Assert.Equal("""{"model":"m","messages":[]}""", records[1].RequestBody);
    }

    [Fact]
    public async Task EveryProxyRoute_ServesNoCapturedData()
    {
        const string marker = "captured-marker-9b1e";
        using var http = new HttpClient();
        (await http.PostAsync(_proxy.ChatCompletionsUri, Json($$"""{"model":"m","messages":[{"role":"user","content":"{{marker}}"}]}"""))).Dispose();
        await _proxy.WaitForRecordAsync();

        var patterns = _proxy.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .ToHashSet();

        // A new route fails this test until it is added here and checked.
        Assert.Equal(new HashSet<string> { "/v1/chat/completions", "/v1/{**path}", "/health", "/alive" }, patterns);
        foreach (var path in new[] { "/v1/chat/completions", "/v1/requests", "/v1/models", "/health", "/alive" })
        {
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post, HttpMethod.Delete })
            {
                using var request = new HttpRequestMessage(method, new Uri(_proxy.BaseUri, path));
                if (method == HttpMethod.Post)
                {
                    request.Content = Json("""{"model":"m","messages":[]}""");
                }

                using var response = await http.SendAsync(request);
                Assert.DoesNotContain(marker, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task FullRun_NoKeyInAnyLogLineSpanOrStoredColumn()
    {
        using var http = new HttpClient();
        foreach (var (header, value) in new[] { ("Authorization", $"Bearer {ClientKey}"), ("api-key", ClientKey) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _proxy.ChatCompletionsUri)
            {
                Content = Json("""{"model":"m","messages":[{"role":"user","content":"hi"}]}"""),
            };
            request.Headers.TryAddWithoutValidation(header, value);
            (await http.SendAsync(request)).Dispose();
        }

        using (var bad = new HttpRequestMessage(HttpMethod.Post, _proxy.ChatCompletionsUri) { Content = Json("{nope") })
        {
            bad.Headers.TryAddWithoutValidation("Authorization", $"Bearer {ClientKey}");
            (await http.SendAsync(bad)).Dispose();
        }

        var records = await _proxy.WaitForRecordsAsync(2);
        (await http.GetAsync(new Uri(_proxy.BaseUri, "/health"))).Dispose();
        await _proxy.StopAsync();

        Assert.All(records, r => ProxyEndToEndTests.AssertNoColumnContains(r, ClientKey));
        Assert.All(records, r => ProxyEndToEndTests.AssertNoColumnContains(r, UrlKey));
        var logText = _logs.AllText;
        Assert.Contains("Forwarding chat completions", logText);
        Assert.DoesNotContain(ClientKey, logText, StringComparison.Ordinal);
        Assert.DoesNotContain(UrlKey, logText, StringComparison.Ordinal);
        // Spans of the closing connection may still arrive: look at a copy.
        var spans = _spans.ToArray();
        Assert.NotEmpty(spans);
        foreach (var span in spans)
        {
            var text = SpanText(span);
            Assert.DoesNotContain(ClientKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain(UrlKey, text, StringComparison.Ordinal);
        }
    }

    private static string SpanText(Activity span) => string.Join('\n',
        [
            span.DisplayName,
            span.OperationName,
            .. span.TagObjects.Select(t => $"{t.Key}={t.Value}"),
            .. span.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name} {t.Key}={t.Value}")),
            .. span.Baggage.Select(b => $"{b.Key}={b.Value}"),
        ]);

    private static string Padded(int length)
    {
        const string head = "{\"model\":\"m\",\"messages\":[],\"pad\":\"";
        const string tail = "\"}";
        return head + new string('x', length - head.Length - tail.Length) + tail;
    }

    private async Task<int> SendRawAsync(string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _proxy.BaseUri.Port);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var statusLine = await reader.ReadLineAsync() ?? "";
        var parts = statusLine.Split(' ');
        return parts.Length > 1 && int.TryParse(parts[1], out var status) ? status : 0;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
