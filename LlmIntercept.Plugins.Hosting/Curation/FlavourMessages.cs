using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

using LlmIntercept.Plugins.Hosting.Export;

namespace LlmIntercept.Plugins.Hosting.Curation;

/// <summary>Reading the normalised OpenAI-style messages the flavours are made from.</summary>
internal static class FlavourMessages
{
    /// <summary>The role, with <c>developer</c> read as <c>system</c> (no flavour knows developer messages).</summary>
    public static string Role(JsonObject message) =>
        (string?)message["role"] is "developer" ? "system" : (string?)message["role"] ?? "";

    /// <summary>The content as plain text: a string, or the text parts joined; null when a part is not text.</summary>
    public static bool TryText(JsonObject message, out string text)
    {
        text = "";
        switch (message["content"])
        {
            case null:
                return true;
            case JsonValue value when value.TryGetValue<string>(out var plain):
                text = plain;
                return true;
            case JsonArray parts:
                var builder = new StringBuilder();
                foreach (var part in parts)
                {
                    if (part is not JsonObject { } obj || (string?)obj["type"] != "text" || (string?)obj["text"] is not { } partText)
                    {
                        return false;
                    }

                    builder.Append(builder.Length > 0 ? "\n" : "").Append(partText);
                }

                text = builder.ToString();
                return true;
            default:
                return false;
        }
    }

    public static JsonArray? ToolCalls(JsonObject message) => AssistantTurn.ToolCalls(message);

    /// <summary>A tool call's name and arguments parsed into a JSON value (arguments are a JSON string when stored).</summary>
    public static bool TryCall(JsonNode? call, out string name, out JsonNode? arguments)
    {
        name = (string?)call?["function"]?["name"] ?? "";
        arguments = null;
        if (name.Length == 0 || call?["function"]?["arguments"] is not JsonValue value
            || !value.TryGetValue<string>(out var text))
        {
            return false;
        }

        try
        {
            arguments = JsonNode.Parse(text.Length == 0 ? "{}" : text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The function definitions of a <c>tools</c> array, unwrapped from <c>{type, function}</c>.</summary>
    public static JsonArray Functions(JsonArray tools)
    {
        var functions = new JsonArray();
        foreach (var tool in tools)
        {
            if (tool?["function"] is JsonObject function)
            {
                functions.Add(function.DeepClone());
            }
        }

        return functions;
    }
}
