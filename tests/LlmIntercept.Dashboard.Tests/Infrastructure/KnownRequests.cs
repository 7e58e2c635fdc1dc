using System.Text.Json;
using System.Text.Json.Nodes;
using LlmIntercept.Store;

namespace LlmIntercept.Dashboard.Tests.Infrastructure;

/// <summary>
/// Ten requests whose every figure the tests know by heart. Ids are given by the store in this order (1..10).
/// <code>
///  #  time (UTC)        model        outcome               stream tools tags        ms     in  out  user text
///  1  03-01 10:00       gpt-4o       complete              -      -     support     120    10  20   How do I reset my password?
///  2  03-01 10:05       gpt-4o       complete              yes    -     support,v2  340    15  30   Quelle est la météo à Paris ?
///  3  03-01 10:20       gpt-4o-mini  upstream_error        -      -                 50     -   -    Explain AND OR NOT NEAR operators
///  4  03-01 10:40       gpt-4o-mini  complete              -      yes   tools       800    40  5    What's the weather in Berlin?
///  5  03-01 11:00       claude-3     refusal               yes    -                 1500   25  8    Напиши стихотворение о зиме
///  6  03-01 11:30       claude-3     stream_error          yes    -     v2          3000   30  -    Καλημέρα κόσμε, τι κάνεις;
///  7  03-01 12:00       (none)       upstream_unreachable  -      -                 12000  -   -    hello (world) "quoted" end*
///  8  03-01 13:15       gpt-4o       complete              -      -     support     200    12  18   東京の天気は？
///  9  03-02 09:00       gpt-4o       complete              yes    yes   v2          450    50  60   Book a flight to Tokyo
/// 10  03-02 09:30       gpt-4o-mini  complete              -      -                 70000  5   5    Summarize the quarterly report
/// </code>
/// </summary>
internal static class KnownRequests
{
    public static readonly DateTime Day = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    public static IReadOnlyList<LlmRequest> Create() =>
    [
        Row(Day.AddHours(10), "gpt-4o", RequestOutcome.Complete, stream: false, "support", 120, 10, 20,
            "How do I reset my password?", "Open the settings page, then choose Reset."),
        Row(Day.AddHours(10).AddMinutes(5), "gpt-4o", RequestOutcome.Complete, stream: true, "support,v2", 340, 15, 30,
            "Quelle est la météo à Paris ?", "Il fait beau à Paris."),
        Row(Day.AddHours(10).AddMinutes(20), "gpt-4o-mini", RequestOutcome.UpstreamError, stream: false, "", 50, null, null,
            "Explain AND OR NOT NEAR operators", null),
        WithToolCall(
            Row(Day.AddHours(10).AddMinutes(40), "gpt-4o-mini", RequestOutcome.Complete, stream: false, "tools", 800, 40, 5,
                "What's the weather in Berlin?", null),
            "get_weather", """{"city":"Berlin"}"""),
        Row(Day.AddHours(11), "claude-3", RequestOutcome.Refusal, stream: true, "", 1500, 25, 8,
            "Напиши стихотворение о зиме", "Извините, я не могу."),
        Row(Day.AddHours(11).AddMinutes(30), "claude-3", RequestOutcome.StreamError, stream: true, "v2", 3000, 30, null,
            "Καλημέρα κόσμε, τι κάνεις;", null),
        Row(Day.AddHours(12), null, RequestOutcome.UpstreamUnreachable, stream: false, "", 12000, null, null,
            "hello (world) \"quoted\" end*", null),
        Row(Day.AddHours(13).AddMinutes(15), "gpt-4o", RequestOutcome.Complete, stream: false, "support", 200, 12, 18,
            "東京の天気は？", "晴れです。"),
        WithToolCall(
            Row(Day.AddDays(1).AddHours(9), "gpt-4o", RequestOutcome.Complete, stream: true, "v2", 450, 50, 60,
                "Book a flight to Tokyo", null),
            "book_flight", """{"destination":"Tokyo"}"""),
        Row(Day.AddDays(1).AddHours(9).AddMinutes(30), "gpt-4o-mini", RequestOutcome.Complete, stream: false, "", 70000, 5, 5,
            "Summarize the quarterly report", "Revenue grew by ten percent."),
    ];

    private static LlmRequest Row(
        DateTime timestamp,
        string? model,
        string outcome,
        bool stream,
        string tags,
        double responseTimeMs,
        int? promptTokens,
        int? completionTokens,
        string userText,
        string? reply)
    {
        var messages = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = userText });
        if (reply is not null)
        {
            messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = reply });
        }

        var ok = RequestOutcome.IsOk(outcome);
        return new LlmRequest
        {
            Timestamp = timestamp,
            Model = model,
            Outcome = outcome,
            Status = ok ? RequestStatus.Ok : RequestStatus.Error,
            StatusCode = outcome == RequestOutcome.UpstreamUnreachable ? null : ok ? 200 : 500,
            Stream = stream,
            Tags = tags.Length == 0 ? "" : "," + tags + ",",
            ResponseTimeMs = responseTimeMs,
            PromptTokens = promptTokens,
            CompletionTokens = completionTokens,
            TotalTokens = promptTokens is null && completionTokens is null ? null : (promptTokens ?? 0) + (completionTokens ?? 0),
            Messages = messages.ToJsonString(),
            RequestBody = new JsonObject { ["model"] = model, ["messages"] = messages.DeepClone() }.ToJsonString(),
            FinishReason = ok ? "stop" : null,
            Error = ok ? null : """{"error":{"message":"upstream failed"}}""",
            UpstreamUrl = "https://upstream.test/v1/chat/completions",
        };
    }

    private static LlmRequest WithToolCall(LlmRequest request, string name, string arguments)
    {
        var call = new JsonObject
        {
            ["id"] = "call_" + name,
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = name, ["arguments"] = arguments },
        };
        var messages = JsonNode.Parse(request.Messages!)!.AsArray();
        messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = null, ["tool_calls"] = new JsonArray(call) });
        request.Messages = messages.ToJsonString();
        request.ToolCalls = new JsonArray(call.DeepClone()).ToJsonString();
        request.Tools = JsonSerializer.Serialize(new[]
        {
            new { type = "function", function = new { name, parameters = new { type = "object" } } },
        });
        request.HasToolCalls = true;
        request.FinishReason = "tool_calls";
        return request;
    }
}
