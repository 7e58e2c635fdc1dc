using LlmIntercept.Plugins.Tests.Infrastructure;
using LlmIntercept.Store;

namespace LlmIntercept.Plugins.Tests.Export;

/// <summary>One capture case: the record the proxy stores for it and the training row the case file shows (or none).</summary>
internal sealed record CaseRow(string Name, LlmRequest Stored, string? ExpectedRow);

/// <summary>
/// The stored records and exported rows of shared/cases/*.md. Stored messages are the request's messages with
/// the assistant reply appended the way the capture writes it (reasoning under the upstream's field name).
/// </summary>
internal static class CaseRows
{
    private const string Case04Tools = """
        [{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}},
         {"type":"function","function":{"name":"get_time","parameters":{"type":"object","properties":{"tz":{"type":"string"}},"required":["tz"]}}}]
        """;

    private const string Case04Calls = """
        [{"id":"call_A1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},
         {"id":"call_B2","type":"function","function":{"name":"get_time","arguments":"{\"tz\":\"Europe/Paris\"}"}}]
        """;

    private const string Case12History = """
        [{"role":"user","content":"What time is it in Tokyo?"},
         {"role":"assistant","content":null,"reasoning_content":"Need the clock tool.","tool_calls":[{"id":"call_t1","type":"function","function":{"name":"get_time","arguments":"{\"tz\":\"Asia/Tokyo\"}"}}]},
         {"role":"tool","tool_call_id":"call_t1","content":"09:00"}
        """;

    private const string Case12Tools = """
        [{"type":"function","function":{"name":"get_time","parameters":{"type":"object","properties":{"tz":{"type":"string"}},"required":["tz"]}}}]
        """;

    public static IReadOnlyList<CaseRow> All { get; } =
    [
        Simple("01 keep-alive comments", "vendor/model-a", "Say hello.", "Hello."),
        Simple("02 azure filter annotations", null, "Name a color.", "Blue"),
        Simple("03A usage chunk, empty choices", "gpt-4o-mini", "2+2? Digits only.", "4"),
        Simple("03B usage on a choice chunk", "model-e", "2+2? Digits only.", "4"),
        new("04 parallel tool calls",
            Requests.Complete(
                $$$"""[{"role":"user","content":"Weather and local time in Paris?"},{"role":"assistant","content":null,"tool_calls":{{{Case04Calls}}}}]""",
                "tool_calls", Case04Tools, Case04Calls, "gpt-4o"),
            $$$"""
            {"messages":[
              {"role":"user","content":"Weather and local time in Paris?"},
              {"role":"assistant","content":null,"tool_calls":{{{Case04Calls}}}}],
             "tools":{{{Case04Tools}}}}
            """),
        Simple("06 data without space", "model-b", "Reply with Okay.", "Okay"),
        Reasoning("12A reasoning_content", "reasoning_content"),
        Reasoning("12B reasoning", "reasoning"),
        new("12C history with reasoning",
            Requests.Complete(Case12History + """,{"role":"assistant","content":"It is 09:00 in Tokyo."}]""",
                tools: Case12Tools, model: "deepseek-reasoner"),
            $$$"""{"messages":{{{Case12History}}},{"role":"assistant","content":"It is 09:00 in Tokyo."}],"tools":{{{Case12Tools}}}}"""),
        Failed("02 variant filtered", RequestOutcome.Filtered, "content_filter", "Blue"),
        Failed("08A mid-stream error", RequestOutcome.StreamError, "error", "The answer is"),
        Failed("08B bare error object", RequestOutcome.StreamError, null, "The answer is"),
        Failed("08D silent truncation", RequestOutcome.Truncated, null, "The answer is"),
        Failed("08E content_filter without [DONE]", RequestOutcome.Filtered, "content_filter", "The answer is"),
        Failed("09 upstream HTTP error", RequestOutcome.UpstreamError, null, null),
        Failed("09C upstream unreachable", RequestOutcome.UpstreamUnreachable, null, null),
        Failed("14 client disconnect", RequestOutcome.ClientAborted, null, "Step 1: open the"),
        new("complete but length-limited",
            Requests.Complete(Requests.Turn("List the steps.", "Step 1"), finishReason: "length"), null),
    ];

    private static CaseRow Simple(string name, string? model, string prompt, string reply)
    {
        var stored = Requests.Complete(Requests.Turn(prompt, reply), model: model);
        stored.ResponseModel = model ?? "gpt-4o-2024-08-06";
        return new CaseRow(
            name,
            stored,
            $$$"""{"messages":[{"role":"user","content":{{{Requests.Json(prompt)}}}},{"role":"assistant","content":{{{Requests.Json(reply)}}}}]}""");
    }

    private static CaseRow Reasoning(string name, string field)
    {
        var messages = $$"""
            [{"role":"user","content":"Pick a number from 1 to 9."},
             {"role":"assistant","content":"7","{{field}}":"User wants one digit."}]
            """;
        var stored = Requests.Complete(messages, model: "deepseek-reasoner", reasoning: "User wants one digit.");
        stored.ReasoningField = field;
        return new CaseRow(
            name,
            stored,
            """{"messages":[{"role":"user","content":"Pick a number from 1 to 9."},{"role":"assistant","content":"7","reasoning_content":"User wants one digit."}]}""");
    }

    private static CaseRow Failed(string name, string outcome, string? finishReason, string? partial)
    {
        var messages = partial is null
            ? """[{"role":"user","content":"Hi"}]"""
            : Requests.Turn("What is the answer?", partial);
        return new CaseRow(name, Requests.Complete(messages, finishReason, outcome: outcome), null);
    }
}
