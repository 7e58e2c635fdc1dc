using System.Text.Json.Nodes;

using LlmIntercept.Plugins.Hosting.Export;

namespace LlmIntercept.Plugins.Hosting.Curation;

/// <summary>
/// Hugging Face / TRL conversational rows: <c>{"messages": [...], "tools": [...]}</c> as chat templates read
/// them. Content is plain text; tool calls are <c>{type, function: {name, arguments}}</c> with the arguments as a
/// JSON object; reasoning is kept as <c>reasoning_content</c>, which reasoning models' templates read.
/// </summary>
internal static class TrlFlavour
{
    public static JsonObject? Write(JsonArray messages, JsonArray? tools)
    {
        var converted = new JsonArray();
        foreach (var message in messages.OfType<JsonObject>())
        {
            var role = FlavourMessages.Role(message);
            if (role is not ("system" or "user" or "assistant" or "tool") || !FlavourMessages.TryText(message, out var text))
            {
                return null;
            }

            var item = new JsonObject { ["role"] = role, ["content"] = text };
            if (role == "tool" && (string?)message["tool_call_id"] is { } id)
            {
                item["tool_call_id"] = id;
            }

            if (role == "assistant" && !AddAssistantFields(message, item))
            {
                return null;
            }

            converted.Add(item);
        }

        var record = new JsonObject { ["messages"] = converted };
        if (tools is { Count: > 0 })
        {
            record["tools"] = tools.DeepClone();
        }

        return record;
    }

    private static bool AddAssistantFields(JsonObject message, JsonObject item)
    {
        if ((string?)message[AssistantTurn.ReasoningContent] is { Length: > 0 } reasoning)
        {
            item[AssistantTurn.ReasoningContent] = reasoning;
        }

        if (FlavourMessages.ToolCalls(message) is not { } calls)
        {
            return true;
        }

        var converted = new JsonArray();
        foreach (var call in calls)
        {
            if (!FlavourMessages.TryCall(call, out var name, out var arguments) || arguments is not JsonObject)
            {
                return false;
            }

            converted.Add(new JsonObject
            {
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = name, ["arguments"] = arguments },
            });
        }

        item["tool_calls"] = converted;
        return true;
    }
}
