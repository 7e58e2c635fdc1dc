using System.Net;
using System.Text;
using System.Text.Json;
using LlmIntercept.Store;
using LlmIntercept.Testing;

namespace LlmIntercept.Proxy.Tests.Forwarding;

/// <summary>What reaches the upstream, bad input answered by the proxy, and failures on the upstream side.</summary>
public sealed class RequestHandlingTests : IAsyncLifetime
{
    private const string Reply = """{"id":"r1","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}""";
    private FakeUpstream _upstream = null!;
    private ProxyFixture _proxy = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        var upstreamUrl = new Uri(_upstream.BaseUri, "/openai/deployments/d1/chat/completions?api-version=2024-10-21");
        _proxy = await ProxyFixture.StartAsync(upstreamUrl, new Dictionary<string, string?>
        {
            ["Proxy:MaxRequestBodyBytes"] = "65536",
            ["Proxy:StreamIdleTimeout"] = "00:00:01",
            ["Proxy:ResponseHeadersTimeout"] = "00:00:01",
        });
        _upstream.Enqueue(ScriptedResponse.Json(200, Reply));
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task Forward_BodyAndProviderHeadersGoUpstreamUnchanged_HopByHopAndTagsDoNot()
    {
        const string body = """{"model":"m","messages":[{"role":"user","content":"hi","x_unknown":{"keep":[1,2]}}],"vendor_field":true}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, _proxy.ChatCompletionsUri)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Authorization", "Bearer sk-upstream");
        request.Headers.Add("HTTP-Referer", "https://example.test/app");
        request.Headers.Add("X-Title", "My App");
        request.Headers.Add("OpenAI-Organization", "org-1");
        request.Headers.Add("OpenAI-Project", "proj-1");
        request.Headers.Add("Keep-Alive", "timeout=5");
        request.Headers.Add("X-Intercept-Tags", "support, V2");
        request.Headers.Add("X-Intercept-Session", "s-42");
        request.Headers.Add("X-Forwarded-Host", "evil.test");
        request.Headers.Host = "evil.test";

        using var http = new HttpClient();
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(_upstream.Requests);
        Assert.Equal("/openai/deployments/d1/chat/completions?api-version=2024-10-21", received.PathAndQuery);
        Assert.Equal(body, received.BodyText);
        Assert.Equal("Bearer sk-upstream", received.Headers["Authorization"]);
        Assert.Equal("https://example.test/app", received.Headers["HTTP-Referer"]);
        Assert.Equal("My App", received.Headers["X-Title"]);
        Assert.Equal("org-1", received.Headers["OpenAI-Organization"]);
        Assert.Equal("proj-1", received.Headers["OpenAI-Project"]);
        Assert.Equal(_upstream.BaseUri.Authority, received.Headers["Host"]);
        Assert.False(received.Headers.ContainsKey("Keep-Alive"));
        Assert.False(received.Headers.ContainsKey("X-Intercept-Tags"));
        Assert.False(received.Headers.ContainsKey("X-Intercept-Session"));

        var record = await _proxy.WaitForRecordAsync();
        Assert.Equal(",support,v2,", record.Tags);
        Assert.Equal("s-42", record.SessionId);
        Assert.Equal(body, record.RequestBody);
        Assert.Equal(new Uri(_upstream.BaseUri, "/openai/deployments/d1/chat/completions").ToString(), record.UpstreamUrl);
        ProxyEndToEndTests.AssertNoColumnContains(record, "sk-upstream");
    }

    [Theory]
    [InlineData("not json at all", "application/json", 400, "not valid JSON")]
    [InlineData("{\"model\":\"m\",\"messages\":[", "application/json", 400, "not valid JSON")]
    [InlineData("", "application/json", 400, "empty")]
    [InlineData("{\"model\":\"m\"}", "text/plain", 415, "Content-Type")]
    public async Task BadInput_GetsAnOpenAIStyleErrorAndNeverReachesUpstream(
        string body,
        string contentType,
        int status,
        string message)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(_proxy.ChatCompletionsUri, new StringContent(body, Encoding.UTF8, contentType));

        await AssertErrorAsync(response, status, message);
        Assert.Empty(_upstream.Requests);
    }

    [Fact]
    public async Task BadInput_InvalidUtf8_DeepNestingAndOversize_AreRejected()
    {
        using var http = new HttpClient();
        var invalidUtf8 = new ByteArrayContent([(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}']);
        invalidUtf8.Headers.ContentType = new("application/json");
        await AssertErrorAsync(await http.PostAsync(_proxy.ChatCompletionsUri, invalidUtf8), 400, "UTF-8");

        var deep = new string('[', 1000) + new string(']', 1000);
        await AssertErrorAsync(await http.PostAsync(_proxy.ChatCompletionsUri, Json(deep)), 400, "not valid JSON");

        var huge = "{\"model\":\"m\",\"pad\":\"" + new string('x', 70_000) + "\"}";
        await AssertErrorAsync(await http.PostAsync(_proxy.ChatCompletionsUri, Json(huge)), 413, "larger than");
        Assert.Empty(_upstream.Requests);
    }

    [Fact]
    public async Task MissingModelAndMessages_IsForwardedAndStored()
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(_proxy.ChatCompletionsUri, Json("{}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", Assert.Single(_upstream.Requests).BodyText);
        var record = await _proxy.WaitForRecordAsync();
        Assert.Null(record.Model);
        Assert.Equal("{}", record.RequestBody);
    }

    [Fact]
    public async Task UnknownPath_GetsOpenAIStyle404()
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(_proxy.BaseUri, "/v1/models"));

        await AssertErrorAsync(response, 404, "POST /v1/chat/completions");
    }

    [Fact]
    public async Task UpstreamNeverAnswers_Gets504AndIsRecorded()
    {
        await DrainDefaultAsync();
        _upstream.Enqueue(new ScriptedResponse(200, [], []) { NeverAnswer = true });

        using var http = new HttpClient();
        using var response = await http.PostAsync(_proxy.ChatCompletionsUri, Json("""{"model":"m","messages":[]}"""));

        await AssertErrorAsync(response, 504, "did not answer");
        var record = (await _proxy.WaitForRecordsAsync(2))[1];
        Assert.Equal(RequestOutcome.UpstreamUnreachable, record.Outcome);
        Assert.Equal(504, record.StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task StreamThatStallsOrResets_ResetsTheClientAndIsAStreamError(bool stall)
    {
        await DrainDefaultAsync();
        var first = CaseFiles.Bytes("14.sse")[..100];
        _upstream.Enqueue(new ScriptedResponse(200, [new("Content-Type", "text/event-stream")],
            [
                new ResponseStep.Bytes(first),
                new ResponseStep.Delay(TimeSpan.FromMilliseconds(300)),
                stall ? new ResponseStep.Hang() : new ResponseStep.Reset(),
            ]));

        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, _proxy.ChatCompletionsUri)
        {
            Content = Json("""{"model":"m","stream":true,"messages":[]}"""),
        };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            var sink = new byte[4096];
            while (await stream.ReadAsync(sink) > 0)
            {
            }
        });

        var record = (await _proxy.WaitForRecordsAsync(2))[1];
        Assert.Equal(RequestOutcome.StreamError, record.Outcome);
        var error = JsonDocument.Parse(record.Error!).RootElement.GetProperty("type").GetString();
        Assert.Equal(stall ? "upstream_stalled" : "upstream_reset", error);
        Assert.Equal(Encoding.UTF8.GetString(first), record.ResponseBody);
    }

    [Fact]
    public async Task Health_ReportsTheStoreAndCounters()
    {
        await DrainDefaultAsync();

        using var http = new HttpClient();
        using var health = JsonDocument.Parse(await http.GetStringAsync(new Uri(_proxy.BaseUri, "/health")));

        Assert.Equal("healthy", health.RootElement.GetProperty("status").GetString());
        Assert.True(DateTimeOffset.TryParse(health.RootElement.GetProperty("timestamp").GetString(), out _));
        var store = health.RootElement.GetProperty("checks").GetProperty("store").GetProperty("data");
        Assert.True(store.GetProperty("store_writable").GetBoolean());
        Assert.Equal(1, store.GetProperty("records_written").GetInt64());
    }

    private async Task DrainDefaultAsync()
    {
        using var http = new HttpClient();
        (await http.PostAsync(_proxy.ChatCompletionsUri, Json("""{"model":"warm-up","messages":[]}"""))).Dispose();
        await _proxy.WaitForRecordAsync();
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task AssertErrorAsync(HttpResponseMessage response, int status, string message)
    {
        using (response)
        {
            Assert.Equal(status, (int)response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Contains(message, json.RootElement.GetProperty("error").GetProperty("message").GetString());
        }
    }
}
