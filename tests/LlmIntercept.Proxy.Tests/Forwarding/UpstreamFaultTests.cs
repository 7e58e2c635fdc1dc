using System.Net;
using System.Text;
using System.Text.Json;
using LlmIntercept.Store;
using LlmIntercept.Testing;

namespace LlmIntercept.Proxy.Tests.Forwarding;

/// <summary>Upstream failures not covered elsewhere: 5xx answers, a name that does not resolve, a huge body.</summary>
public sealed class UpstreamFaultTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    [Theory]
    [InlineData(500, """{"error":{"message":"internal","type":"server_error"}}""")]
    [InlineData(503, """{"error":{"message":"overloaded","type":"server_error"}}""")]
    public async Task Upstream5xx_ReachesTheClientUnchangedAndIsRecordedAsAnUpstreamError(int status, string body)
    {
        await using var proxy = await ProxyFixture.StartAsync(_upstream.ChatCompletionsUri);
        _upstream.Enqueue(ScriptedResponse.Json(status, body, ("Retry-After", "7")));

        using var response = await PostAsync(proxy, """{"model":"m","messages":[]}""");

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
        Assert.Equal("7", response.Headers.GetValues("Retry-After").Single());
        var record = await proxy.WaitForRecordAsync();
        Assert.Equal((RequestOutcome.UpstreamError, status), (record.Outcome, record.StatusCode));
        Assert.Single(_upstream.Requests);
    }

    [Fact]
    public async Task UpstreamNameDoesNotResolve_Gets502JsonAndIsRecordedAsUnreachable()
    {
        // .invalid never resolves (RFC 6761), so no query leaves the machine with an answer.
        await using var proxy = await ProxyFixture.StartAsync(new Uri("http://no-such-upstream.invalid/v1/chat/completions"));

        using var response = await PostAsync(proxy, """{"model":"m","messages":[]}""");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("upstream_unreachable", json.RootElement.GetProperty("error").GetProperty("type").GetString());
        var record = await proxy.WaitForRecordAsync();
        Assert.Equal((RequestOutcome.UpstreamUnreachable, 502), (record.Outcome, record.StatusCode));
        Assert.DoesNotContain("   at ", record.Error ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task HugeResponseBody_ReachesTheClientWholeAndTheRecordSaysItWasCut()
    {
        await using var proxy = await ProxyFixture.StartAsync(_upstream.ChatCompletionsUri, new Dictionary<string, string?>
        {
            ["Proxy:CaptureLimitBytes"] = (1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var content = new string('x', 40 * 1024 * 1024);
        var body = Encoding.UTF8.GetBytes(
            $$"""{"id":"big","choices":[{"index":0,"message":{"role":"assistant","content":"{{content}}"},"finish_reason":"stop"}]}""");
        _upstream.Enqueue(ScriptedResponse.Raw(200, "application/json", body));

        using var response = await PostAsync(proxy, """{"model":"m","messages":[]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = await response.Content.ReadAsByteArrayAsync();
        Assert.True(body.AsSpan().SequenceEqual(received), $"{received.Length} bytes received of {body.Length}");
        var record = await proxy.WaitForRecordAsync();
        Assert.True(record.CaptureTruncated);
        Assert.Equal(200, record.StatusCode);
    }

    [Fact]
    public async Task ClientLeavesBeforeTheUpstreamAnswers_TheUpstreamCallIsCancelledAndRecordedAsClientAborted()
    {
        await using var proxy = await ProxyFixture.StartAsync(_upstream.ChatCompletionsUri);
        _upstream.Enqueue(new ScriptedResponse(200, [], []) { NeverAnswer = true });

        using var http = new HttpClient();
        using var leave = new CancellationTokenSource();
        var call = http.PostAsync(proxy.ChatCompletionsUri,
            new StringContent("""{"model":"m","messages":[]}""", Encoding.UTF8, "application/json"), leave.Token);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (_upstream.Requests.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        leave.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        await Assert.Single(_upstream.Requests).Aborted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var record = await proxy.WaitForRecordAsync();
        Assert.Equal(RequestOutcome.ClientAborted, record.Outcome);
        Assert.Null(record.StatusCode);
        Assert.Null(record.Choices);
    }

    private static async Task<HttpResponseMessage> PostAsync(ProxyFixture proxy, string json)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        var response = await http.PostAsync(proxy.ChatCompletionsUri, new StringContent(json, Encoding.UTF8, "application/json"));
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
