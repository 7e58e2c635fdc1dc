using System.Text;
using System.Text.Json;

namespace LlmIntercept.Store;

/// <summary>
/// The text the full-text index holds for a request: every message's content, the reply, and tool-call
/// names and arguments, without JSON syntax or keys.
/// </summary>
public static class SearchText
{
    public static string Build(LlmRequest request)
    {
        var builder = new StringBuilder();
        AppendMessages(builder, request.Messages);
        return builder.ToString();
    }

    private static void AppendMessages(StringBuilder builder, string? messagesJson)
    {
        if (string.IsNullOrEmpty(messagesJson))
        {
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(messagesJson);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return;
            }

            foreach (var message in document.RootElement.EnumerateArray())
            {
                if (message.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                if (message.TryGetProperty("content", out var content))
                {
                    AppendContent(builder, content);
                }

                if (message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
                {
                    foreach (var call in calls.EnumerateArray())
                    {
                        if (call.ValueKind == JsonValueKind.Object
                            && call.TryGetProperty("function", out var function)
                            && function.ValueKind == JsonValueKind.Object)
                        {
                            AppendString(builder, function, "name");
                            AppendString(builder, function, "arguments");
                        }
                    }
                }
            }
        }
        catch (JsonException)
        {
            // A request whose messages are not JSON is still stored; it is just not searchable by text.
        }
    }

    private static void AppendContent(StringBuilder builder, JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            builder.Append(JsonText.Read(content)).Append('\n');
        }
        else if (content.ValueKind == JsonValueKind.Array)
        {
            foreach (var part in content.EnumerateArray())
            {
                if (part.ValueKind == JsonValueKind.Object)
                {
                    AppendString(builder, part, "text");
                }
            }
        }
    }

    private static void AppendString(StringBuilder builder, JsonElement element, string name)
    {
        if (element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
        {
            builder.Append(JsonText.Read(value)).Append('\n');
        }
    }
}
