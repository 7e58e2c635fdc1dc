using System.Text;
using System.Text.Json;

namespace LlmIntercept.Proxy.Capture;

/// <summary>
/// One choice's assistant message in the canonical stored form, whether it came whole in a JSON body or was
/// reassembled from stream deltas: role, content (null when no non-empty content arrived), reasoning in its own
/// field under the name the upstream used, refusal, and tool calls ordered by index.
/// </summary>
internal sealed class AssistantMessage
{
    public string Role { get; set; } = "assistant";

    public StringBuilder? Content { get; set; }

    public StringBuilder? Reasoning { get; set; }

    /// <summary><c>reasoning_content</c> (DeepSeek, older vLLM) or <c>reasoning</c> (OpenRouter, vLLM, Ollama).</summary>
    public string? ReasoningField { get; set; }

    /// <summary>Raw JSON elements of <c>reasoning_details</c>, in arrival order.</summary>
    public List<string>? ReasoningDetails { get; set; }

    public StringBuilder? Refusal { get; set; }

    public SortedDictionary<int, ToolCall>? ToolCalls { get; set; }

    /// <summary>The legacy single <c>function_call</c>.</summary>
    public ToolCall? FunctionCall { get; set; }

    public bool HasToolCalls => ToolCalls is { Count: > 0 };

    public bool IsEmpty =>
        Content is null && Reasoning is null && Refusal is null && !HasToolCalls && FunctionCall is null;

    public void AppendContent(string text) => (Content ??= new StringBuilder()).Append(text);

    public void AppendRefusal(string text) => (Refusal ??= new StringBuilder()).Append(text);

    public void AppendReasoning(string field, string text)
    {
        ReasoningField ??= field;
        (Reasoning ??= new StringBuilder()).Append(text);
    }

    /// <summary>Whether every tool call's arguments (and the legacy function call's) parse as JSON.</summary>
    public bool ToolArgumentsAreJson()
    {
        foreach (var call in ToolCalls?.Values ?? Enumerable.Empty<ToolCall>())
        {
            if (!call.ArgumentsAreJson())
            {
                return false;
            }
        }

        return FunctionCall?.ArgumentsAreJson() ?? true;
    }

    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("role", Role);
        WriteNullableString(writer, "content", Content);
        if (Reasoning is not null)
        {
            writer.WriteString(ReasoningField ?? "reasoning_content", Reasoning.ToString());
        }

        if (ReasoningDetails is { Count: > 0 })
        {
            writer.WriteStartArray("reasoning_details");
            foreach (var detail in ReasoningDetails)
            {
                writer.WriteRawValue(detail, skipInputValidation: true);
            }

            writer.WriteEndArray();
        }

        if (Refusal is not null)
        {
            writer.WriteString("refusal", Refusal.ToString());
        }

        if (HasToolCalls)
        {
            writer.WritePropertyName("tool_calls");
            WriteToolCalls(writer);
        }

        if (FunctionCall is not null)
        {
            writer.WritePropertyName("function_call");
            FunctionCall.WriteFunction(writer);
        }

        writer.WriteEndObject();
    }

    public void WriteToolCalls(Utf8JsonWriter writer)
    {
        writer.WriteStartArray();
        foreach (var call in ToolCalls?.Values ?? Enumerable.Empty<ToolCall>())
        {
            call.WriteTo(writer);
        }

        writer.WriteEndArray();
    }

    private static void WriteNullableString(Utf8JsonWriter writer, string name, StringBuilder? value)
    {
        if (value is null || value.Length == 0)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value.ToString());
        }
    }
}

/// <summary>A tool call (or legacy function call) whose argument fragments are joined as raw text.</summary>
internal sealed class ToolCall
{
    public string? Id { get; set; }

    public string Type { get; set; } = "function";

    public string? Name { get; set; }

    public StringBuilder Arguments { get; } = new();

    public bool ArgumentsAreJson()
    {
        var text = Arguments.ToString();
        if (text.Length == 0)
        {
            return false;
        }

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

    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        if (Id is null)
        {
            writer.WriteNull("id");
        }
        else
        {
            writer.WriteString("id", Id);
        }

        writer.WriteString("type", Type);
        writer.WritePropertyName("function");
        WriteFunction(writer);
        writer.WriteEndObject();
    }

    public void WriteFunction(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("name", Name ?? "");
        writer.WriteString("arguments", Arguments.ToString());
        writer.WriteEndObject();
    }
}
