using System.Text.Json;
using System.Text.Json.Nodes;

using LlmIntercept.Plugins.Hosting.Export;

namespace LlmIntercept.Plugins.Hosting.Curation;

/// <summary>
/// Applies <see cref="PiiRedactor"/> to what people and tools wrote in a conversation: message contents (strings
/// and text parts), reasoning, and every string inside tool-call arguments, which are parsed, redacted value by
/// value and written back as a JSON string so they stay valid JSON.
/// </summary>
internal static class MessageRedaction
{
    public static void Apply(JsonArray messages, RedactionCounts counts)
    {
        foreach (var message in messages.OfType<JsonObject>())
        {
            RedactContent(message, "content", counts);
            RedactContent(message, AssistantTurn.ReasoningContent, counts);
            foreach (var function in AssistantTurn.Calls(message).OfType<JsonObject>())
            {
                RedactArguments(function, counts);
            }
        }
    }

    private static void RedactContent(JsonObject message, string key, RedactionCounts counts)
    {
        switch (message[key])
        {
            case JsonValue value when value.TryGetValue<string>(out var text):
                message[key] = PiiRedactor.Redact(text, counts);
                break;
            case JsonArray parts:
                foreach (var part in parts.OfType<JsonObject>())
                {
                    if (part["text"] is JsonValue textValue && textValue.TryGetValue<string>(out var partText))
                    {
                        part["text"] = PiiRedactor.Redact(partText, counts);
                    }
                }

                break;
        }
    }

    private static void RedactArguments(JsonObject function, RedactionCounts counts)
    {
        if (function["arguments"] is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            return;
        }

        JsonNode? arguments;
        try
        {
            arguments = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            // The mapper only lets through rows whose arguments are JSON; redact the text as it is otherwise.
            function["arguments"] = PiiRedactor.Redact(text, counts);
            return;
        }

        function["arguments"] = RedactValues(arguments, counts)?.ToJsonString(CompactJson.Options) ?? "null";
    }

    private static JsonNode? RedactValues(JsonNode? node, RedactionCounts counts)
    {
        switch (node)
        {
            case JsonValue value when value.TryGetValue<string>(out var text):
                return JsonValue.Create(PiiRedactor.Redact(text, counts));
            case JsonObject obj:
                foreach (var key in obj.Select(pair => pair.Key).ToList())
                {
                    if (obj[key] is JsonValue)
                    {
                        obj[key] = RedactValues(obj[key], counts);
                    }
                    else
                    {
                        RedactValues(obj[key], counts);
                    }
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue)
                    {
                        array[i] = RedactValues(array[i], counts);
                    }
                    else
                    {
                        RedactValues(array[i], counts);
                    }
                }

                return array;
            default:
                return node;
        }
    }
}
