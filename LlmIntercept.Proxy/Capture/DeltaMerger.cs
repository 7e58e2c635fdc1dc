using System.Text.Json;
using LlmIntercept.Store;

namespace LlmIntercept.Proxy.Capture;

/// <summary>
/// Merges one delta (or a whole message, which is a delta that arrives once) into an <see cref="AssistantMessage"/>.
/// </summary>
internal static class DeltaMerger
{
    private const string ReasoningContent = "reasoning_content";
    private const string Reasoning = "reasoning";

    public static void Apply(AssistantMessage message, JsonElement delta)
    {
        if (ChunkFields.NonEmptyString(delta, "role") is { } role)
        {
            message.Role = role;
        }

        if (delta.TryGetProperty("content", out var content))
        {
            AppendContent(message, content);
        }

        ApplyReasoning(message, delta);
        if (ChunkFields.NonEmptyString(delta, "refusal") is { } refusal)
        {
            message.AppendRefusal(refusal);
        }

        if (delta.TryGetProperty("tool_calls", out var toolCalls) && toolCalls.ValueKind == JsonValueKind.Array)
        {
            MergeToolCalls(message, toolCalls);
        }

        if (delta.TryGetProperty("function_call", out var functionCall) && functionCall.ValueKind == JsonValueKind.Object)
        {
            MergeFunction(message.FunctionCall ??= new ToolCall(), functionCall);
        }
    }

    private static void AppendContent(AssistantMessage message, JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            if (JsonText.Read(content) is { Length: > 0 } text)
            {
                message.AppendContent(text);
            }

            return;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object && ChunkFields.NonEmptyString(part, "text") is { } text)
            {
                message.AppendContent(text);
            }
        }
    }

    /// <summary>
    /// Reasoning arrives as <c>reasoning_content</c> or <c>reasoning</c>; a server that sends both in one delta
    /// sends the same text twice, so it is taken once (the spelling seen first wins).
    /// </summary>
    private static void ApplyReasoning(AssistantMessage message, JsonElement delta)
    {
        var fromContentField = ChunkFields.NonEmptyString(delta, ReasoningContent);
        var fromReasoningField = ChunkFields.NonEmptyString(delta, Reasoning);
        if (fromContentField is not null && fromReasoningField is not null)
        {
            var preferred = message.ReasoningField ?? ReasoningContent;
            message.AppendReasoning(preferred, preferred == Reasoning ? fromReasoningField : fromContentField);
        }
        else if (fromContentField is not null)
        {
            message.AppendReasoning(ReasoningContent, fromContentField);
        }
        else if (fromReasoningField is not null)
        {
            message.AppendReasoning(Reasoning, fromReasoningField);
        }

        if (delta.TryGetProperty("reasoning_details", out var details) && details.ValueKind == JsonValueKind.Array)
        {
            foreach (var detail in details.EnumerateArray())
            {
                (message.ReasoningDetails ??= []).Add(JsonText.Raw(detail));
            }
        }
    }

    /// <summary>
    /// Groups fragments by their <c>index</c>; the id, type and name come from the first fragment that carries
    /// them and arguments are joined as raw text. Fragments without an index (whole messages, or servers that
    /// omit it) are placed by id, else appended to the latest call.
    /// </summary>
    private static void MergeToolCalls(AssistantMessage message, JsonElement toolCalls)
    {
        var calls = message.ToolCalls ??= [];
        var position = 0;
        foreach (var fragment in toolCalls.EnumerateArray())
        {
            if (fragment.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var index = ResolveIndex(calls, fragment, position++);
            if (!calls.TryGetValue(index, out var call))
            {
                call = new ToolCall();
                calls.Add(index, call);
            }

            call.Id ??= ChunkFields.NonEmptyString(fragment, "id");
            if (ChunkFields.NonEmptyString(fragment, "type") is { } type)
            {
                call.Type = type;
            }

            if (fragment.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object)
            {
                MergeFunction(call, function);
            }
        }
    }

    private static int ResolveIndex(SortedDictionary<int, ToolCall> calls, JsonElement fragment, int position)
    {
        if (fragment.TryGetProperty("index", out var index)
            && index.ValueKind == JsonValueKind.Number
            && index.TryGetInt32(out var value))
        {
            return value;
        }

        var id = ChunkFields.NonEmptyString(fragment, "id");
        if (id is not null)
        {
            foreach (var (key, call) in calls)
            {
                if (call.Id == id)
                {
                    return key;
                }
            }

            return calls.Count == 0 ? position : Math.Max(calls.Keys.Max() + 1, position);
        }

        return calls.Count == 0 ? position : calls.Keys.Max();
    }

    private static void MergeFunction(ToolCall call, JsonElement function)
    {
        call.Name ??= ChunkFields.NonEmptyString(function, "name");
        if (function.TryGetProperty("arguments", out var arguments))
        {
            if (arguments.ValueKind == JsonValueKind.String)
            {
                call.Arguments.Append(JsonText.Read(arguments));
            }
            else if (arguments.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
            {
                // Some servers (Ollama's native shape) send arguments as an object; store it as the JSON string
                // the OpenAI format expects.
                call.Arguments.Append(JsonText.Raw(arguments));
            }
        }
    }
}
