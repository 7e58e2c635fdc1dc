using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmIntercept.Plugins.Hosting.Export;

/// <summary>The captured assistant reply as a training row holds it.</summary>
internal static class AssistantTurn
{
    public const string ReasoningContent = "reasoning_content";

    // The fields of an assistant message in the fine-tuning layout, plus reasoning under our convention
    // (case 12: reasoning_content, never merged into content). Response-only fields (annotations, audio,
    // reasoning_details, a null refusal) are left out.
    private static readonly HashSet<string> Kept =
        ["role", "content", "name", "tool_calls", "function_call", "weight", ReasoningContent];

    public static bool IsRefusal(JsonObject assistant) =>
        assistant["refusal"] is JsonValue refusal
        && refusal.TryGetValue<string>(out var text)
        && !string.IsNullOrWhiteSpace(text);

    /// <summary>The reply's tool calls, or null when it made none.</summary>
    public static JsonArray? ToolCalls(JsonObject assistant) =>
        assistant["tool_calls"] is JsonArray { Count: > 0 } calls ? calls : null;

    /// <summary>The functions the reply calls: each tool call's <c>function</c>, or the legacy <c>function_call</c>.</summary>
    public static IReadOnlyList<JsonNode?> Calls(JsonObject assistant)
    {
        if (ToolCalls(assistant) is { } toolCalls)
        {
            return toolCalls.Select(call => call?["function"]).ToList();
        }

        return assistant["function_call"] is JsonObject functionCall ? [functionCall] : [];
    }

    /// <summary>Whether a called function's <c>arguments</c> is a string holding JSON, as fine-tuning requires.</summary>
    public static bool ArgumentsAreJson(JsonNode? function) =>
        function?["arguments"] is JsonValue arguments
        && arguments.TryGetValue<string>(out var text)
        && IsJson(text);

    /// <summary>
    /// A copy of the reply with reasoning under <c>reasoning_content</c> (renamed in place from <c>reasoning</c>,
    /// or taken from the stored reasoning column when the message has none) and only the kept fields.
    /// </summary>
    public static JsonObject Normalize(JsonObject assistant, string? storedReasoning)
    {
        var hasReasoningContent = assistant[ReasoningContent] is not null;
        var normalized = new JsonObject();
        foreach (var (key, value) in assistant)
        {
            var name = key == "reasoning" && !hasReasoningContent ? ReasoningContent : key;
            if (!Kept.Contains(name) || (value is null && name != "content") || normalized.ContainsKey(name))
            {
                continue;
            }

            normalized[name] = value?.DeepClone();
        }

        if (!normalized.ContainsKey(ReasoningContent) && !string.IsNullOrEmpty(storedReasoning))
        {
            normalized[ReasoningContent] = storedReasoning;
        }

        return normalized;
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
