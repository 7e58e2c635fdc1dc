using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using LlmIntercept.Testing;
using OpenTelemetry.Metrics;

namespace LlmIntercept.Proxy.Tests.Telemetry;

/// <summary>
/// The GenAI span and metrics of one proxied call, read back through the OpenTelemetry in-memory exporters, and
/// the promise that no prompt, reply, key or password reaches a span or a log line.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class GenAiTelemetryTests : IAsyncLifetime
{
    private const string ApiKey = "sk-telemetry-key-d41f7a";
    private const string Password = "dashboard-password-telemetry-8Hq";
    private const string Prompt = "Which lighthouse keeps the otter-shaped lamp?";
    private const string Reply = "The lamp is in Pellwick lighthouse.";

    private readonly TelemetryCapture _capture = new();
    private FakeUpstream _upstream = null!;
    private ProxyFixture _proxy = null!;

    private int UpstreamPort => _upstream.BaseUri.Port;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _proxy = await ProxyFixture.StartAsync(
            _upstream.ChatCompletionsUri,
            new Dictionary<string, string?> { ["ADMIN_PASSWORD"] = Password },
            _capture.Logs,
            _capture.AddTo);
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task PlainCall_GivesOneChatSpan_WithTheRequestAndTheReplysValues()
    {
        _upstream.Enqueue(ScriptedResponse.Json(200, $$$"""
            {"id":"chatcmpl-tel-plain","object":"chat.completion","created":1700000200,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant","content":"{{{Reply}}}"},"finish_reason":"stop"}],"usage":{"prompt_tokens":21,"completion_tokens":7,"total_tokens":28}}
            """));

        await PostAsync(stream: false);

        var span = await _capture.WaitForChatSpanAsync(UpstreamPort);
        AssertRequestAttributes(span, "complete");
        Assert.Equal("gpt-4o-mini-2024-07-18", span.GetTagItem("gen_ai.response.model"));
        Assert.Equal("chatcmpl-tel-plain", span.GetTagItem("gen_ai.response.id"));
        Assert.Equal(new[] { "stop" }, span.GetTagItem("gen_ai.response.finish_reasons"));
        Assert.Equal(21, span.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(7, span.GetTagItem("gen_ai.usage.output_tokens"));
        Assert.Equal(false, span.GetTagItem("llm_intercept.stream"));
        Assert.Null(span.GetTagItem("gen_ai.response.time_to_first_chunk"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Null(span.GetTagItem("error.type"));

        await _proxy.WaitForRecordAsync();
        AssertTokenUsage(input: 21, output: 7, errorType: null);
        Assert.Equal(1, Assert.Single(Points("gen_ai.client.operation.duration", UpstreamPort)).GetHistogramCount());
        Assert.Empty(Points("gen_ai.client.operation.time_to_first_chunk", UpstreamPort));
        await AssertRecordCountersAsync(queued: 1, written: 1);
        AssertNoSecretAnywhere();
    }

    [Fact]
    public async Task StreamedCall_WithTwoChoices_GivesOneChatSpan_WithBothFinishReasonsAndTheUsage()
    {
        var stream = string.Concat(
            Chunk(0, """{"role":"assistant","content":"The lamp "}""", "null"),
            Chunk(1, """{"role":"assistant","content":"Pellwick"}""", "null"),
            Chunk(0, """{"content":"is in Pellwick lighthouse."}""", "\"stop\""),
            Chunk(1, """{}""", "\"length\""),
            """data: {"id":"chatcmpl-tel-stream","object":"chat.completion.chunk","created":1700000300,"model":"gpt-4o-mini-2024-07-18","choices":[],"usage":{"prompt_tokens":30,"completion_tokens":12,"total_tokens":42}}""" + "\n\n",
            "data: [DONE]\n\n");
        _upstream.Enqueue(ScriptedResponse.Sse(stream));

        await PostAsync(stream: true);

        // One choice hit the length limit: the record says truncated, which the store counts as an error.
        var span = await _capture.WaitForChatSpanAsync(UpstreamPort);
        AssertRequestAttributes(span, "truncated");
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("truncated", span.GetTagItem("error.type"));
        Assert.Equal("gpt-4o-mini-2024-07-18", span.GetTagItem("gen_ai.response.model"));
        Assert.Equal("chatcmpl-tel-stream", span.GetTagItem("gen_ai.response.id"));
        Assert.Equal(new[] { "stop", "length" }, span.GetTagItem("gen_ai.response.finish_reasons"));
        Assert.Equal(30, span.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(12, span.GetTagItem("gen_ai.usage.output_tokens"));
        Assert.Equal(true, span.GetTagItem("llm_intercept.stream"));
        var firstChunk = Assert.IsType<double>(span.GetTagItem("gen_ai.response.time_to_first_chunk"));
        Assert.InRange(firstChunk, 0, span.Duration.TotalSeconds);

        await _proxy.WaitForRecordAsync();
        AssertTokenUsage(input: 30, output: 12, errorType: "truncated");
        var ttfc = Assert.Single(Points("gen_ai.client.operation.time_to_first_chunk", UpstreamPort));
        Assert.Equal(1, ttfc.GetHistogramCount());
        Assert.Equal(firstChunk, ttfc.GetHistogramSum(), 6);
        await AssertRecordCountersAsync(queued: 1, written: 1);
        AssertNoSecretAnywhere();
    }

    private static void AssertRequestAttributes(Activity span, string outcome)
    {
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal("chat gpt-4o-mini", span.DisplayName);
        Assert.Equal("chat", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("openai", span.GetTagItem("gen_ai.provider.name"));
        Assert.Equal("gpt-4o-mini", span.GetTagItem("gen_ai.request.model"));
        Assert.Equal(0.25, span.GetTagItem("gen_ai.request.temperature"));
        Assert.Equal(64, span.GetTagItem("gen_ai.request.max_tokens"));
        Assert.Equal(0.9, span.GetTagItem("gen_ai.request.top_p"));
        Assert.Equal(0.1, span.GetTagItem("gen_ai.request.frequency_penalty"));
        Assert.Equal(0.2, span.GetTagItem("gen_ai.request.presence_penalty"));
        Assert.Equal("127.0.0.1", span.GetTagItem("server.address"));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
        Assert.Equal(outcome, span.GetTagItem("llm_intercept.outcome"));
    }

    private void AssertTokenUsage(int input, int output, string? errorType)
    {
        var points = Points("gen_ai.client.token.usage", UpstreamPort);
        Assert.Equal(2, points.Count);
        var byType = points.ToDictionary(p => (string)TelemetryCapture.Tag(p, "gen_ai.token.type")!);
        Assert.Equal((1L, (double)input), (byType["input"].GetHistogramCount(), byType["input"].GetHistogramSum()));
        Assert.Equal((1L, (double)output), (byType["output"].GetHistogramCount(), byType["output"].GetHistogramSum()));
        foreach (var point in points)
        {
            Assert.Equal("chat", TelemetryCapture.Tag(point, "gen_ai.operation.name"));
            Assert.Equal("openai", TelemetryCapture.Tag(point, "gen_ai.provider.name"));
            Assert.Equal("gpt-4o-mini", TelemetryCapture.Tag(point, "gen_ai.request.model"));
            Assert.Equal("gpt-4o-mini-2024-07-18", TelemetryCapture.Tag(point, "gen_ai.response.model"));
            Assert.Equal(errorType, TelemetryCapture.Tag(point, "error.type"));
        }
    }

    /// <summary>The writer counts a batch right after it is saved, so the count may trail the row by a moment.</summary>
    private async Task AssertRecordCountersAsync(long queued, long written)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (Sum("llm_intercept.capture.records.written") < written && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(queued, Sum("llm_intercept.capture.records.queued"));
        Assert.Equal(written, Sum("llm_intercept.capture.records.written"));
        Assert.Equal(0, Sum("llm_intercept.capture.records.failed"));
        Assert.Equal(0, Sum("llm_intercept.capture.records.dropped"));
    }

    private long Sum(string counter) => Points(counter).Sum(p => p.GetSumLong());

    private IReadOnlyList<MetricPoint> Points(string instrument, int? port = null) =>
        _capture.Points(_proxy.Services, instrument, port);

    /// <summary>Every attribute, event and status of every span (ours, ASP.NET Core's, HttpClient's), every log line.</summary>
    private void AssertNoSecretAnywhere()
    {
        var texts = _capture.Spans.SelectMany(SpanTexts).Concat(_capture.Logs.Lines.Select(line => line.Text)).ToList();
        Assert.NotEmpty(_capture.Logs.Lines);
        foreach (var secret in new[] { Prompt, "otter-shaped", Reply, "Pellwick", ApiKey, Password })
        {
            Assert.DoesNotContain(texts, text => text.Contains(secret, StringComparison.Ordinal));
        }
    }

    private static IEnumerable<string> SpanTexts(Activity span) =>
        new[] { span.DisplayName, span.OperationName, span.StatusDescription ?? "" }
            .Concat(span.TagObjects.Select(tag => $"{tag.Key}={Text(tag.Value)}"))
            .Concat(span.Events.SelectMany(e => e.Tags.Select(tag => $"{e.Name} {tag.Key}={Text(tag.Value)}").Append(e.Name)))
            .Concat(span.Baggage.Select(pair => $"{pair.Key}={pair.Value}"));

    private static string Text(object? value) =>
        value is System.Collections.IEnumerable items and not string
            ? string.Join(",", items.Cast<object?>())
            : value?.ToString() ?? "";

    private async Task PostAsync(bool stream)
    {
        var streamFields = stream ? ""","stream":true,"n":2""" : "";
        var body = $$$"""
            {"model":"gpt-4o-mini","messages":[{"role":"user","content":"{{{Prompt}}}"}],"temperature":0.25,"max_tokens":64,"top_p":0.9,"frequency_penalty":0.1,"presence_penalty":0.2{{{streamFields}}}}
            """;
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, _proxy.ChatCompletionsUri)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        Assert.Contains(stream ? "Pellwick lighthouse." : Reply, text);
    }

    private static string Chunk(int index, string delta, string finishReason) =>
        $$$"""data: {"id":"chatcmpl-tel-stream","object":"chat.completion.chunk","created":1700000300,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":{{{index}}},"delta":{{{delta}}},"finish_reason":{{{finishReason}}}}]}""" + "\n\n";
}
