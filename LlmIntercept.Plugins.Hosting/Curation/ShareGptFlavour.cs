using System.Text.Json.Nodes;
using LlmIntercept.Plugins.Hosting.Export;

namespace LlmIntercept.Plugins.Hosting.Curation;

/// <summary>
/// ShareGPT as LLaMA-Factory reads it: <c>{"conversations": [{"from", "value"}], "system": "...", "tools": "..."}</c>.
/// Turns alternate: human or observation first, then gpt or function_call. System messages go to
/// <c>system</c>; consecutive user (or plain assistant) messages are joined with a blank line; the results of
/// one round of tool calls form one observation (a JSON array when there are several); a reply with tool calls
/// becomes a function_call whose value is <c>{"name", "arguments"}</c> (an array of them for parallel calls) and
/// any text beside the calls is dropped; reasoning is dropped. <c>tools</c> is a JSON string of function
/// definitions. A conversation that cannot alternate (it starts with the assistant) does not fit.
/// </summary>
internal static class ShareGptFlavour
{
    public static JsonObject? Write(JsonArray messages, JsonArray? tools)
    {
        var system = new List<string>();
        var turns = new List<(string From, List<string> Values)>();
        foreach (var message in messages.OfType<JsonObject>())
        {
            var role = FlavourMessages.Role(message);
            if (!FlavourMessages.TryText(message, out var text))
            {
                return null;
            }

            if (role == "system")
            {
                system.Add(text);
                continue;
            }

            (string From, string Value)? turn = role switch
            {
                "user" => ("human", text),
                "tool" => ("observation", text),
                "assistant" when FlavourMessages.ToolCalls(message) is { } calls => FunctionCall(calls),
                "assistant" => ("gpt", text),
                _ => null,
            };
            if (turn is not { } found)
            {
                return null;
            }

            var (from, value) = found;
            if (turns.Count > 0 && turns[^1].From == from && from != "function_call")
            {
                turns[^1].Values.Add(value);
            }
            else
            {
                turns.Add((from, [value]));
            }
        }

        var conversations = new JsonArray();
        for (var i = 0; i < turns.Count; i++)
        {
            var (from, values) = turns[i];
            var expectUser = i % 2 == 0;
            if (expectUser != (from is "human" or "observation"))
            {
                return null;
            }

            conversations.Add(new JsonObject { ["from"] = from, ["value"] = Join(from, values) });
        }

        var record = new JsonObject { ["conversations"] = conversations };
        if (system.Count > 0)
        {
            record["system"] = string.Join("\n\n", system);
        }

        if (tools is { Count: > 0 })
        {
            record["tools"] = FlavourMessages.Functions(tools).ToJsonString(CompactJson.Options);
        }

        return record;
    }

    private static (string, string)? FunctionCall(JsonArray calls)
    {
        var converted = new JsonArray();
        foreach (var call in calls)
        {
            if (!FlavourMessages.TryCall(call, out var name, out var arguments))
            {
                return null;
            }

            converted.Add(new JsonObject { ["name"] = name, ["arguments"] = arguments });
        }

        var value = converted.Count == 1 ? converted[0]! : converted;
        return ("function_call", value.ToJsonString(CompactJson.Options));
    }

    private static string Join(string from, List<string> values)
    {
        if (values.Count == 1)
        {
            return values[0];
        }

        return from == "observation"
            ? new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()).ToJsonString(CompactJson.Options)
            : string.Join("\n\n", values);
    }
}
