using System.Buffers;
using System.Text;
using System.Text.Json;

namespace LlmIntercept.Proxy.Telemetry;

/// <summary>
/// Chat messages in the shape of the GenAI conventions' <c>gen_ai.input.messages</c> and
/// <c>gen_ai.output.messages</c> (role, parts, finish reason), for the opt-in message capture only. Text and tool
/// calls are kept; images, audio and files are left out, since a span is no place for their data.
/// </summary>
internal static class GenAiMessages
{
    /// <summary>The request's <c>messages</c>; null when the body holds none.</summary>
    public static string? Input(string? requestBody) => Convert(requestBody, static (writer, root) =>
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("messages", out var messages)
            || messages.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var message in messages.EnumerateArray())
        {
            WriteMessage(writer, message, finishReason: null);
        }

        return true;
    });

    /// <summary>The reply's choices (<c>[{index, message, finish_reason}]</c>); null when there are none.</summary>
    public static string? Output(string? choices) => Convert(choices, static (writer, root) =>
    {
        if (root.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var choice in root.EnumerateArray())
        {
            if (choice.ValueKind == JsonValueKind.Object && choice.TryGetProperty("message", out var message))
            {
                WriteMessage(writer, message, Text(choice, "finish_reason"));
            }
        }

        return true;
    });

    private static string? Convert(string? json, Func<Utf8JsonWriter, JsonElement, bool> write)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartArray();
                if (!write(writer, document.RootElement))
                {
                    return null;
                }

                writer.WriteEndArray();
            }

            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        catch (JsonException)
        {
            // A body that is not JSON was answered 400 before any span; a reply that is not JSON has no messages.
            return null;
        }
    }

    private static void WriteMessage(Utf8JsonWriter writer, JsonElement message, string? finishReason)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var role = Text(message, "role") ?? "assistant";
        writer.WriteStartObject();
        writer.WriteString("role", role);
        writer.WriteStartArray("parts");
        if (role == "tool")
        {
            writer.WriteStartObject();
            writer.WriteString("type", "tool_call_response");
            writer.WriteString("id", Text(message, "tool_call_id"));
            writer.WriteString("response", ContentText(message));
            writer.WriteEndObject();
        }
        else
        {
            WriteTextParts(writer, message);
            WriteToolCalls(writer, message);
        }

        writer.WriteEndArray();
        if (finishReason is not null)
        {
            writer.WriteString("finish_reason", finishReason);
        }

        writer.WriteEndObject();
    }

    private static void WriteTextParts(Utf8JsonWriter writer, JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content))
        {
            return;
        }

        var texts = content.ValueKind switch
        {
            JsonValueKind.String => [content.GetString()!],
            JsonValueKind.Array => content.EnumerateArray()
                .Where(part => Text(part, "type") == "text")
                .Select(part => Text(part, "text") ?? "")
                .ToArray(),
            _ => Array.Empty<string>(),
        };
        foreach (var text in texts)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "text");
            writer.WriteString("content", text);
            writer.WriteEndObject();
        }
    }

    private static void WriteToolCalls(Utf8JsonWriter writer, JsonElement message)
    {
        if (!message.TryGetProperty("tool_calls", out var calls) || calls.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var call in calls.EnumerateArray())
        {
            var function = call.ValueKind == JsonValueKind.Object && call.TryGetProperty("function", out var f)
                ? f
                : default;
            writer.WriteStartObject();
            writer.WriteString("type", "tool_call");
            writer.WriteString("id", Text(call, "id"));
            writer.WriteString("name", Text(function, "name"));
            writer.WriteString("arguments", Text(function, "arguments"));
            writer.WriteEndObject();
        }
    }

    private static string ContentText(JsonElement message) =>
        message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String
            ? content.GetString()!
            : content.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? "" : content.GetRawText();

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
