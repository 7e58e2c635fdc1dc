using System.Net.Http.Headers;
using System.Text;
using LlmIntercept.Proxy.Telemetry;
using LlmIntercept.Testing;

namespace LlmIntercept.Proxy.Tests.Telemetry;

/// <summary>The opt-in: with message capture turned on, the span carries the messages in the conventions' shape.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class MessageCaptureTests : IAsyncLifetime
{
    private const string ApiKey = "sk-capture-key-77c2e0";
    private readonly TelemetryCapture _capture = new();
    private FakeUpstream _upstream = null!;
    private ProxyFixture _proxy = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _proxy = await ProxyFixture.StartAsync(
            _upstream.ChatCompletionsUri,
            new Dictionary<string, string?> { [ProxyTelemetry.CaptureMessageContentKey] = "true" },
            _capture.Logs,
            _capture.AddTo);
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task CaptureTurnedOn_SpanCarriesInputAndOutputMessages_ButNeverTheKey()
    {
        _upstream.Enqueue(ScriptedResponse.Json(200, """
            {"id":"chatcmpl-cap","object":"chat.completion","created":1700000400,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"Blue."},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":1,"total_tokens":13}}
            """));
        const string body = """{"model":"gpt-4o-mini","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":[{"type":"text","text":"Sky colour?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]}]}""";

        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, _proxy.ChatCompletionsUri)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();

        var span = await _capture.WaitForChatSpanAsync(_upstream.BaseUri.Port);
        Assert.Equal(
            """[{"role":"system","parts":[{"type":"text","content":"Be brief."}]},{"role":"user","parts":[{"type":"text","content":"Sky colour?"}]}]""",
            span.GetTagItem("gen_ai.input.messages"));
        Assert.Equal(
            """[{"role":"assistant","parts":[{"type":"text","content":"Blue."}],"finish_reason":"stop"}]""",
            span.GetTagItem("gen_ai.output.messages"));
        Assert.DoesNotContain(_capture.Spans.SelectMany(s => s.TagObjects), t => $"{t.Value}".Contains(ApiKey, StringComparison.Ordinal));
        Assert.DoesNotContain(_capture.Logs.Lines, line => line.Text.Contains(ApiKey, StringComparison.Ordinal));
    }

    [Fact]
    public void ToolCallsAndToolResults_BecomeToolCallParts()
    {
        const string requestBody = """{"messages":[{"role":"user","content":"Weather?"},{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}}]},{"role":"tool","tool_call_id":"call_1","content":"4 C"}]}""";
        const string choices = """[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_2","type":"function","function":{"name":"get_time","arguments":"{}"}}]},"finish_reason":"tool_calls"}]""";

        Assert.Equal(
            """[{"role":"user","parts":[{"type":"text","content":"Weather?"}]},{"role":"assistant","parts":[{"type":"tool_call","id":"call_1","name":"get_weather","arguments":"{\u0022city\u0022:\u0022Oslo\u0022}"}]},{"role":"tool","parts":[{"type":"tool_call_response","id":"call_1","response":"4 C"}]}]""",
            GenAiMessages.Input(requestBody));
        Assert.Equal(
            """[{"role":"assistant","parts":[{"type":"tool_call","id":"call_2","name":"get_time","arguments":"{}"}],"finish_reason":"tool_calls"}]""",
            GenAiMessages.Output(choices));
        Assert.Null(GenAiMessages.Input("not json"));
        Assert.Null(GenAiMessages.Output(null));
    }
}
