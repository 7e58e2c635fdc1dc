using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text;
using System.Text.Json;
using LlmIntercept.Store;
using LlmIntercept.Testing;
using OpenAI;
using OpenAI.Chat;

namespace LlmIntercept.Proxy.Tests.Forwarding;

/// <summary>
/// The whole path on real sockets: the official OpenAI SDK as the client, the proxy on Kestrel, a fake
/// upstream replaying recorded bytes, and the row that lands in a real SQLite file.
/// </summary>
public sealed class ProxyEndToEndTests : IAsyncLifetime
{
    private const string ApiKey = "sk-test-e2e-0123456789";
    private FakeUpstream _upstream = null!;
    private ProxyFixture _proxy = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _proxy = await ProxyFixture.StartAsync(_upstream.ChatCompletionsUri);
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task PlainReply_ClientGetsItAndTheRowHoldsIt()
    {
        const string body = """{"id":"chatcmpl-plain","object":"chat.completion","created":1700000100,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"Hello there.","refusal":null},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12}}""";
        _upstream.Enqueue(ScriptedResponse.Json(200, body));

        ChatCompletion completion = await Client().CompleteChatAsync([new UserChatMessage("Say hello.")]);

        Assert.Equal("Hello there.", completion.Content[0].Text);
        var record = await _proxy.WaitForRecordAsync();
        Assert.Equal("gpt-4o-mini", record.Model);
        Assert.False(record.Stream);
        Assert.Equal(body, record.Response);
        Assert.Equal("""{"role":"assistant","content":"Hello there."}""", CaseFiles.FirstMessage(record));
        Assert.Equal((9, 3, 12), (record.PromptTokens, record.CompletionTokens, record.TotalTokens));
        Assert.Equal(RequestOutcome.Complete, record.Outcome);
        Assert.Equal(RequestStatus.Ok, record.Status);
        Assert.Equal(200, record.StatusCode);
        Assert.StartsWith("hmac-sha256:", record.ApiKeyHash);
        AssertNoColumnContains(record, ApiKey);
    }

    [Fact]
    public async Task StreamedReply_WithKeepAlives_ClientGetsTextAndRowIsComplete()
    {
        _upstream.Enqueue(ScriptedResponse.Sse(CaseFiles.Text("01.sse")));

        var text = new StringBuilder();
        await foreach (var update in Client().CompleteChatStreamingAsync([new UserChatMessage("Say hello.")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
        }

        Assert.Equal("Hello.", text.ToString());
        var record = await _proxy.WaitForRecordAsync();
        Assert.True(record.Stream);
        Assert.Equal("""{"role":"assistant","content":"Hello."}""", CaseFiles.FirstMessage(record));
        Assert.Equal(2, record.KeepAliveCount);
        Assert.Equal(CaseFiles.Text("01.sse"), record.ResponseBody);
        Assert.Equal(RequestOutcome.Complete, record.Outcome);
        Assert.NotNull(record.TimeToFirstByteMs);
        Assert.True(record.TimeToFirstByteMs <= record.ResponseTimeMs);
    }

    [Fact]
    public async Task StreamedParallelToolCalls_ClientGetsBothCallsAndRowJoinsThem()
    {
        _upstream.Enqueue(ScriptedResponse.Sse(CaseFiles.Text("04.sse")));

        var names = new Dictionary<int, string>();
        var arguments = new Dictionary<int, StringBuilder>();
        ChatFinishReason? finish = null;
        var options = new ChatCompletionOptions
        {
            Tools =
            {
                ChatTool.CreateFunctionTool("get_weather", null, BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}}}""")),
                ChatTool.CreateFunctionTool("get_time", null, BinaryData.FromString("""{"type":"object","properties":{"tz":{"type":"string"}}}""")),
            },
        };
        await foreach (var update in Client("gpt-4o").CompleteChatStreamingAsync(
            [new UserChatMessage("Weather and local time in Paris?")], options))
        {
            foreach (var call in update.ToolCallUpdates)
            {
                if (call.FunctionName is { } name)
                {
                    names[call.Index] = name;
                }

                (arguments.TryGetValue(call.Index, out var sb) ? sb : arguments[call.Index] = new StringBuilder())
                    .Append(call.FunctionArgumentsUpdate?.ToString());
            }

            finish ??= update.FinishReason;
        }

        Assert.Equal("get_weather", names[0]);
        Assert.Equal("get_time", names[1]);
        Assert.Equal("{\"city\":\"Paris\"}", arguments[0].ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, finish);

        var record = await _proxy.WaitForRecordAsync();
        Assert.Equal(CaseFiles.Compact(CaseFiles.Text("04.message.json")), CaseFiles.FirstMessage(record));
        Assert.True(record.HasToolCalls);
        Assert.Equal(RequestOutcome.Complete, record.Outcome);
        using var tools = JsonDocument.Parse(record.Tools!);
        Assert.Equal(2, tools.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Upstream429_IsPassedThroughVerbatimAndRecorded()
    {
        var body = CaseFiles.Text("09.body.json");
        _upstream.Enqueue(ScriptedResponse.Json(429, body, ("Retry-After", "30")));

        var error = await Assert.ThrowsAsync<ClientResultException>(() =>
            Client().CompleteChatAsync([new UserChatMessage("Hi")]));
        Assert.Equal(429, error.Status);

        _upstream.Enqueue(ScriptedResponse.Json(429, body, ("Retry-After", "30")));
        using var raw = await PostRawAsync(CaseFiles.Text("09.request.json"));
        Assert.Equal(HttpStatusCode.TooManyRequests, raw.StatusCode);
        Assert.Equal("30", raw.Headers.GetValues("Retry-After").Single());
        Assert.Equal("application/json", raw.Content.Headers.ContentType!.MediaType);
        Assert.Equal(94, raw.Content.Headers.ContentLength);
        Assert.Equal(CaseFiles.Bytes("09.body.json"), await raw.Content.ReadAsByteArrayAsync());

        var records = await _proxy.WaitForRecordsAsync(2);
        Assert.All(records, r =>
        {
            Assert.Equal(RequestOutcome.UpstreamError, r.Outcome);
            Assert.Equal(429, r.StatusCode);
            Assert.Equal("""{"code":429,"message":"Rate limit exceeded: limit_rpm/vendor/model-d","metadata":{}}""", r.Error);
        });
        Assert.Single(_upstream.Requests, r => r.BodyText == CaseFiles.Text("09.request.json"));
    }

    [Fact]
    public async Task UnreachableUpstream_Gets502JsonAndIsRecorded()
    {
        await using var closed = await ProxyFixture.StartAsync(new Uri($"http://127.0.0.1:{FreePort()}/v1/chat/completions"));

        var error = await Assert.ThrowsAsync<ClientResultException>(() =>
            Client(proxy: closed).CompleteChatAsync([new UserChatMessage("Hi")]));

        Assert.Equal(502, error.Status);
        using var json = JsonDocument.Parse(error.GetRawResponse()!.Content.ToString());
        Assert.Equal("upstream_unreachable", json.RootElement.GetProperty("error").GetProperty("type").GetString());
        var record = await closed.WaitForRecordAsync();
        Assert.Equal(RequestOutcome.UpstreamUnreachable, record.Outcome);
        Assert.Equal(502, record.StatusCode);
        Assert.Null(record.Choices);
    }

    [Fact]
    public async Task ClientAbortMidStream_CancelsUpstreamAndKeepsThePartialRecord()
    {
        var upstreamBody = CaseFiles.Text("14.sse");
        _upstream.Enqueue(ScriptedResponse.Sse(upstreamBody, gap: TimeSpan.FromMilliseconds(300)));
        var events = ScriptedResponse.SplitEvents(upstreamBody).ToList();
        var expectedPrefix = Encoding.UTF8.GetBytes(events[0] + events[1]);

        // No draining of the rest: the client hangs up as a real one that lost interest does.
        using (var http = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _proxy.ChatCompletionsUri)
            {
                Content = new StringContent(CaseFiles.Text("14.request.json"), Encoding.UTF8, "application/json"),
            };
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            await using var stream = await response.Content.ReadAsStreamAsync();
            var received = new byte[expectedPrefix.Length];
            await stream.ReadExactlyAsync(received);
            Assert.Equal(expectedPrefix, received);
        }

        var upstreamRequest = Assert.Single(_upstream.Requests);
        await upstreamRequest.Aborted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var record = await _proxy.WaitForRecordAsync();
        Assert.Equal(RequestOutcome.ClientAborted, record.Outcome);
        Assert.Null(record.FinishReason);
        var content = JsonDocument.Parse(record.Choices!).RootElement[0].GetProperty("message").GetProperty("content").GetString();
        Assert.StartsWith("Step 1: open the", content);
        Assert.NotNull(record.TimeToFirstByteMs);
    }

    [Fact]
    public async Task StreamBytes_ReachTheClientUnchanged()
    {
        foreach (var file in new[] { "02.sse", "06.sse", "08a.sse", "12b.sse" })
        {
            var bytes = CaseFiles.Bytes(file);
            _upstream.Enqueue(new ScriptedResponse(200, [new("Content-Type", "text/event-stream")],
                [new ResponseStep.Bytes(bytes[..7]), new ResponseStep.Bytes(bytes[7..])]));

            using var response = await PostRawAsync(CaseFiles.Text("01.request.json"));

            Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
        }
    }

    private ChatClient Client(string model = "gpt-4o-mini", ProxyFixture? proxy = null) => new(
        model,
        new ApiKeyCredential(ApiKey),
        new OpenAIClientOptions
        {
            Endpoint = new Uri((proxy ?? _proxy).BaseUri, "/v1"),
            RetryPolicy = new ClientRetryPolicy(0),
        });

    private async Task<HttpResponseMessage> PostRawAsync(string json)
    {
        using var http = new HttpClient();
        var response = await http.PostAsync(_proxy.ChatCompletionsUri, new StringContent(json, Encoding.UTF8, "application/json"));
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static void AssertNoColumnContains(LlmRequest record, string secret)
    {
        foreach (var property in typeof(LlmRequest).GetProperties())
        {
            if (property.GetValue(record) is string value)
            {
                Assert.DoesNotContain(secret, value, StringComparison.Ordinal);
            }
        }
    }
}
