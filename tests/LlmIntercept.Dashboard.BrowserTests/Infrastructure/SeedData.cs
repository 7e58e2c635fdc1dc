using System.Text.Json;
using LlmIntercept.Store;

namespace LlmIntercept.Dashboard.BrowserTests.Infrastructure;

/// <summary>
/// The rows every browser test runs against. Ids follow insertion order: 1-45 are plain gpt-4o-mini answers
/// (every 15th mentions "banana"), 46-50 failed claude-3-haiku streams, 51 a gpt-4o tool call, 52 hostile markup.
/// </summary>
internal static class SeedData
{
    public const string MiniModel = "gpt-4o-mini";
    public const string FailingModel = "claude-3-haiku";
    public const string ToolModel = "gpt-4o";
    public const int MiniCount = 45;
    public const int FailingCount = 5;
    public const long ToolCallId = 51;
    public const long HostileId = 52;
    public const int Total = 52;

    /// <summary>Rows an unfiltered export writes: failed requests never become training examples.</summary>
    public const int Exportable = Total - FailingCount;

    public static readonly long[] BananaIds = [15, 30, 45];
    public static readonly long[] FailingIds = [46, 47, 48, 49, 50];

    public const string ToolName = "get_weather";
    public const string ToolArguments = "{\"city\":\"Paris\",\"unit\":\"celsius\",\"days\":[1,2]}";
    public const string Reasoning = "The user wants the weather, so I call the tool.";

    /// <summary>Payloads that would run if any captured text reached the page as markup.</summary>
    public const string ScriptPayload = "<script>window.__xss = 'script'; alert('script')</script>";
    public const string ImagePayload = "<img src=x onerror=\"window.__xss = 'img'; alert('img')\">";
    public const string LinkPayload = "<a href=\"javascript:alert('link')\" id=\"xss-link\">click me</a>";
    public const string HostileModel = "\"><img src=x onerror=alert('model')>";

    public static readonly DateTime Start = new(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc);

    public static IReadOnlyList<LlmRequest> Rows()
    {
        var rows = new List<LlmRequest>();
        for (var i = 1; i <= MiniCount; i++)
        {
            var question = i % 15 == 0 ? $"Question {i}: is a banana a berry?" : $"Question {i}: how do apples grow?";
            object[] messages =
            [
                new { role = "system", content = "You are a gardener." },
                new { role = "user", content = question },
                new { role = "assistant", content = $"Answer {i}." },
            ];
            rows.Add(Ok(MiniModel, Start.AddMinutes(i * 10), messages, 100 + i * 20, 10 + i, 5 + i));
        }

        for (var i = 1; i <= FailingCount; i++)
        {
            rows.Add(Failure(Start.AddMinutes(500 + i), $"Failing prompt {i}"));
        }

        rows.Add(WithToolCall(Start.AddMinutes(600)));
        rows.Add(Hostile(Start.AddMinutes(610)));
        return rows;
    }

    private static LlmRequest Ok(string model, DateTime at, object[] messages, double ms, int promptTokens, int completionTokens)
    {
        var json = JsonSerializer.Serialize(messages);
        return new LlmRequest
        {
            Timestamp = at,
            Model = model,
            Messages = json,
            RequestBody = JsonSerializer.Serialize(new { model, messages = messages[..^1] }),
            Response = JsonSerializer.Serialize(new { id = $"chatcmpl-{at.Ticks}", @object = "chat.completion", model }),
            ResponseTimeMs = ms,
            Status = RequestStatus.Ok,
            Outcome = RequestOutcome.Complete,
            StatusCode = 200,
            FinishReason = "stop",
            PromptTokens = promptTokens,
            CompletionTokens = completionTokens,
            TotalTokens = promptTokens + completionTokens,
            Usage = JsonSerializer.Serialize(new { prompt_tokens = promptTokens, completion_tokens = completionTokens }),
        };
    }

    private static LlmRequest Failure(DateTime at, string prompt)
    {
        object[] messages = [new { role = "user", content = prompt }];
        return new LlmRequest
        {
            Timestamp = at,
            Model = FailingModel,
            Stream = true,
            Messages = JsonSerializer.Serialize(messages),
            RequestBody = JsonSerializer.Serialize(new { model = FailingModel, stream = true, messages }),
            ResponseTimeMs = 3200,
            Status = RequestStatus.Error,
            Outcome = RequestOutcome.UpstreamError,
            StatusCode = 500,
            Error = "{\"error\":{\"message\":\"upstream exploded\"}}",
        };
    }

    private static LlmRequest WithToolCall(DateTime at)
    {
        var call = new { id = "call_1", type = "function", function = new { name = ToolName, arguments = ToolArguments } };
        object[] messages =
        [
            new { role = "system", content = "You can look up the weather." },
            new { role = "user", content = "What is the weather in Paris?" },
            new { role = "assistant", content = (string?)null, reasoning_content = Reasoning, tool_calls = new[] { call } },
        ];
        var row = Ok(ToolModel, at, messages, 1500, 80, 20);
        row.HasToolCalls = true;
        row.ToolCalls = JsonSerializer.Serialize(new[] { call });
        row.FinishReason = "tool_calls";
        row.Reasoning = Reasoning;
        row.ReasoningField = "reasoning_content";
        return row;
    }

    private static LlmRequest Hostile(DateTime at)
    {
        var call = new
        {
            id = "call_x",
            type = "function",
            function = new { name = "render<img src=x onerror=alert('tool')>", arguments = JsonSerializer.Serialize(new { html = ImagePayload }) },
        };
        object[] messages =
        [
            new { role = "system", content = LinkPayload },
            new { role = "user", content = $"{ScriptPayload} {ImagePayload} {LinkPayload}" },
            new { role = "assistant", content = ImagePayload, tool_calls = new[] { call } },
        ];
        var row = Ok(HostileModel, at, messages, 900, 30, 30);
        row.HasToolCalls = true;
        row.ToolCalls = JsonSerializer.Serialize(new[] { call });
        row.Reasoning = ScriptPayload;
        return row;
    }
}
