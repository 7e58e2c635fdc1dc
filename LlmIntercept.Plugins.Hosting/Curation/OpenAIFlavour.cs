using System.Globalization;
using System.Text.Json.Nodes;

using LlmIntercept.Plugins.Hosting.Export;

namespace LlmIntercept.Plugins.Hosting.Curation;

/// <summary>
/// OpenAI chat fine-tuning: <c>{"messages": [...], "tools": [...], "parallel_tool_calls": bool}</c>. Roles
/// system, user, assistant and tool; tool-call arguments stay JSON strings; reasoning is left out (the format has
/// no field for it). <c>parallel_tool_calls</c> is written when the row has tools: true when an assistant turn
/// made more than one call (the captured request's own setting is not in the columns export reads).
/// </summary>
internal static class OpenAIFlavour
{
    public static JsonObject? Write(JsonArray messages, JsonArray? tools)
    {
        var converted = new JsonArray();
        var parallel = false;
        foreach (var message in messages.OfType<JsonObject>())
        {
            var role = FlavourMessages.Role(message);
            JsonObject? item = role switch
            {
                "system" => TextMessage(message, role),
                "user" => UserMessage(message),
                "assistant" => AssistantMessage(message, ref parallel),
                "tool" => ToolMessage(message),
                _ => null,
            };
            if (item is null)
            {
                return null;
            }

            converted.Add(item);
        }

        var record = new JsonObject { ["messages"] = converted };
        if (tools is { Count: > 0 })
        {
            record["tools"] = tools.DeepClone();
            record["parallel_tool_calls"] = parallel;
        }

        return record;
    }

    private static JsonObject? TextMessage(JsonObject message, string role)
    {
        if (!FlavourMessages.TryText(message, out var text))
        {
            return null;
        }

        var item = new JsonObject { ["role"] = role, ["content"] = text };
        CopyName(message, item);
        return item;
    }

    private static JsonObject UserMessage(JsonObject message)
    {
        var item = new JsonObject { ["role"] = "user", ["content"] = message["content"]?.DeepClone() ?? "" };
        CopyName(message, item);
        return item;
    }

    private static JsonObject? AssistantMessage(JsonObject message, ref bool parallel)
    {
        if (!FlavourMessages.TryText(message, out var text))
        {
            return null;
        }

        var item = new JsonObject { ["role"] = "assistant" };
        var calls = FlavourMessages.ToolCalls(message);
        if (text.Length > 0 || calls is null)
        {
            item["content"] = text;
        }

        CopyName(message, item);
        if (calls is not null)
        {
            var converted = new JsonArray();
            for (var i = 0; i < calls.Count; i++)
            {
                if (!FlavourMessages.TryCall(calls[i], out var name, out _))
                {
                    return null;
                }

                converted.Add(new JsonObject
                {
                    ["id"] = (string?)calls[i]!["id"] ?? "call_" + i.ToString(CultureInfo.InvariantCulture),
                    ["type"] = "function",
                    ["function"] = new JsonObject
                    {
                        ["name"] = name,
                        ["arguments"] = (string?)calls[i]!["function"]!["arguments"],
                    },
                });
            }

            parallel |= converted.Count > 1;
            item["tool_calls"] = converted;
        }

        if (message["weight"] is JsonValue weight && weight.TryGetValue<int>(out var value) && value is 0 or 1)
        {
            item["weight"] = value;
        }

        return item;
    }

    private static JsonObject? ToolMessage(JsonObject message)
    {
        if (!FlavourMessages.TryText(message, out var text) || (string?)message["tool_call_id"] is not { } id)
        {
            return null;
        }

        return new JsonObject { ["role"] = "tool", ["tool_call_id"] = id, ["content"] = text };
    }

    private static void CopyName(JsonObject message, JsonObject item)
    {
        if ((string?)message["name"] is { Length: > 0 } name)
        {
            item["name"] = name;
        }
    }
}
