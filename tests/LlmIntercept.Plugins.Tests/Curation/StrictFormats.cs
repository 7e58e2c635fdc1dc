using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmIntercept.Plugins.Tests.Curation;

/// <summary>
/// Strict readers of the three training formats, written from their specifications: any field, role or type the
/// format does not define fails the line. OpenAI chat fine-tuning (platform docs, "Preparing your dataset" and
/// function calling), TRL conversational datasets with tool use (chat-template messages), and LLaMA-Factory's
/// ShareGPT format (data/README: conversations of human/gpt/function_call/observation, system, tools).
/// </summary>
internal static class StrictFormats
{
    public static void OpenAI(JsonObject line)
    {
        Keys(line, ["messages", "tools", "parallel_tool_calls"], ["messages"], "line");
        var messages = Array(line["messages"], "messages");
        var callIds = new HashSet<string>();
        foreach (var node in messages)
        {
            var message = Object(node, "message");
            switch (String(message["role"], "role"))
            {
                case "system":
                    Keys(message, ["role", "content", "name"], ["role", "content"], "system message");
                    String(message["content"], "system content");
                    break;
                case "user":
                    Keys(message, ["role", "content", "name"], ["role", "content"], "user message");
                    UserContent(message["content"]);
                    break;
                case "assistant":
                    Keys(message, ["role", "content", "name", "tool_calls", "weight"], ["role"], "assistant message");
                    OpenAIAssistant(message, callIds);
                    break;
                case "tool":
                    Keys(message, ["role", "tool_call_id", "content"], ["role", "tool_call_id", "content"], "tool message");
                    String(message["content"], "tool content");
                    Check(callIds.Contains(String(message["tool_call_id"], "tool_call_id")), "tool_call_id answers no call");
                    break;
                default:
                    Fail($"unknown role {message["role"]}");
                    break;
            }
        }

        Check((string?)messages[^1]!["role"] == "assistant", "the last message must be the assistant's");
        if (line["tools"] is { } tools)
        {
            foreach (var tool in Array(tools, "tools"))
            {
                Tool(Object(tool, "tool"));
            }

            Check(line["parallel_tool_calls"] is JsonValue p && p.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
                "parallel_tool_calls must be a boolean");
        }
        else
        {
            Check(line["parallel_tool_calls"] is null, "parallel_tool_calls without tools");
        }
    }

    public static void Trl(JsonObject line)
    {
        Keys(line, ["messages", "tools"], ["messages"], "line");
        var messages = Array(line["messages"], "messages");
        foreach (var node in messages)
        {
            var message = Object(node, "message");
            var role = String(message["role"], "role");
            String(message["content"], "content");
            switch (role)
            {
                case "system" or "user":
                    Keys(message, ["role", "content"], ["role", "content"], role + " message");
                    break;
                case "assistant":
                    Keys(message, ["role", "content", "tool_calls", "reasoning_content"], ["role", "content"], "assistant message");
                    if (message["reasoning_content"] is { } reasoning)
                    {
                        String(reasoning, "reasoning_content");
                    }

                    foreach (var call in message["tool_calls"] is { } calls ? Array(calls, "tool_calls") : [])
                    {
                        var callObject = Object(call, "tool call");
                        Keys(callObject, ["type", "function"], ["type", "function"], "tool call");
                        Check(String(callObject["type"], "type") == "function", "tool call type must be function");
                        var function = Object(callObject["function"], "function");
                        Keys(function, ["name", "arguments"], ["name", "arguments"], "function");
                        String(function["name"], "name");
                        Object(function["arguments"], "arguments (an object in TRL)");
                    }

                    break;
                case "tool":
                    Keys(message, ["role", "content", "tool_call_id", "name"], ["role", "content"], "tool message");
                    break;
                default:
                    Fail($"unknown role {role}");
                    break;
            }
        }

        Check((string?)messages[^1]!["role"] == "assistant", "the last message must be the assistant's");
        foreach (var tool in line["tools"] is { } tools ? Array(tools, "tools") : [])
        {
            Tool(Object(tool, "tool"));
        }
    }

    public static void ShareGpt(JsonObject line)
    {
        Keys(line, ["conversations", "system", "tools"], ["conversations"], "line");
        if (line["system"] is { } system)
        {
            String(system, "system");
        }

        if (line["tools"] is { } tools)
        {
            var parsed = JsonNode.Parse(String(tools, "tools (a JSON string)"));
            foreach (var function in Array(parsed, "tools"))
            {
                var definition = Object(function, "function definition");
                Keys(definition, ["name", "description", "parameters"], ["name"], "function definition");
            }
        }

        var turns = Array(line["conversations"], "conversations");
        Check(turns.Count > 0 && turns.Count % 2 == 0, "conversations must hold whole rounds (an even count)");
        for (var i = 0; i < turns.Count; i++)
        {
            var turn = Object(turns[i], "turn");
            Keys(turn, ["from", "value"], ["from", "value"], "turn");
            var from = String(turn["from"], "from");
            var value = String(turn["value"], "value");
            var allowed = i % 2 == 0 ? new[] { "human", "observation" } : ["gpt", "function_call"];
            Check(allowed.Contains(from), $"turn {i} is {from}, expected one of {string.Join('/', allowed)}");
            if (from == "function_call")
            {
                var call = JsonNode.Parse(value);
                foreach (var item in call is JsonArray array ? array : [call])
                {
                    var callObject = Object(item, "function_call value");
                    Keys(callObject, ["name", "arguments"], ["name", "arguments"], "function_call value");
                    String(callObject["name"], "name");
                }
            }
        }
    }

    private static void OpenAIAssistant(JsonObject message, HashSet<string> callIds)
    {
        if (message["content"] is { } content)
        {
            String(content, "assistant content");
        }

        if (message["weight"] is { } weight)
        {
            Check(weight.GetValueKind() == JsonValueKind.Number && (int)weight is 0 or 1, "weight must be 0 or 1");
        }

        Check(message["content"] is not null || message["tool_calls"] is not null, "assistant needs content or tool_calls");
        foreach (var call in message["tool_calls"] is { } calls ? Array(calls, "tool_calls") : [])
        {
            var callObject = Object(call, "tool call");
            Keys(callObject, ["id", "type", "function"], ["id", "type", "function"], "tool call");
            callIds.Add(String(callObject["id"], "id"));
            Check(String(callObject["type"], "type") == "function", "tool call type must be function");
            var function = Object(callObject["function"], "function");
            Keys(function, ["name", "arguments"], ["name", "arguments"], "function");
            String(function["name"], "name");
            Object(JsonNode.Parse(String(function["arguments"], "arguments (a JSON string in OpenAI)")), "arguments");
        }
    }

    private static void UserContent(JsonNode? content)
    {
        if (content is JsonValue)
        {
            String(content, "user content");
            return;
        }

        foreach (var part in Array(content, "user content parts"))
        {
            var partObject = Object(part, "content part");
            switch (String(partObject["type"], "part type"))
            {
                case "text":
                    Keys(partObject, ["type", "text"], ["type", "text"], "text part");
                    String(partObject["text"], "text");
                    break;
                case "image_url":
                    Keys(partObject, ["type", "image_url"], ["type", "image_url"], "image part");
                    break;
                default:
                    Fail($"unknown content part {partObject["type"]}");
                    break;
            }
        }
    }

    private static void Tool(JsonObject tool)
    {
        Keys(tool, ["type", "function"], ["type", "function"], "tool");
        Check(String(tool["type"], "type") == "function", "tool type must be function");
        var function = Object(tool["function"], "tool function");
        Keys(function, ["name", "description", "parameters", "strict"], ["name"], "tool function");
    }

    private static void Keys(JsonObject obj, string[] allowed, string[] required, string what)
    {
        foreach (var (key, _) in obj)
        {
            Check(allowed.Contains(key), $"{what} has unknown field '{key}'");
        }

        foreach (var key in required)
        {
            Check(obj.ContainsKey(key), $"{what} lacks '{key}'");
        }
    }

    private static string String(JsonNode? node, string what)
    {
        Check(node is JsonValue value && value.GetValueKind() == JsonValueKind.String, $"{what} must be a string");
        return (string)node!;
    }

    private static JsonObject Object(JsonNode? node, string what)
    {
        Check(node is JsonObject, $"{what} must be an object");
        return (JsonObject)node!;
    }

    private static JsonArray Array(JsonNode? node, string what)
    {
        Check(node is JsonArray { Count: > 0 }, $"{what} must be a non-empty array");
        return (JsonArray)node!;
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            Fail(message);
        }
    }

    private static void Fail(string message) => throw new FormatException(message);
}
