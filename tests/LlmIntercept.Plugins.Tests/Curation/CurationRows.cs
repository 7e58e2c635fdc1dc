using LlmIntercept.Plugins.Tests.Infrastructure;
using LlmIntercept.Store;

namespace LlmIntercept.Plugins.Tests.Curation;

/// <summary>
/// A small known store for the curation options: a conversation stored twice, the same prompt answered twice, a
/// long and a short conversation, and a tool call; in insertion (id) order.
/// </summary>
internal static class CurationRows
{
    public const string Long = "long";
    public static readonly string LongPrompt = "Summarise: " + new string('x', 3989);

    public static List<LlmRequest> Create()
    {
        var rows = new List<LlmRequest>
        {
            Row(Requests.Turn("What is 2+2?", "4"), "m1", 0, ",math,"),
            Row(Requests.Turn("What is 2+2?", "4"), "m1", 1, ",math,support,"),
            Row(Requests.Turn("What is 2+2?", "Four."), "m2", 2, ""),
            Row(Requests.Turn(LongPrompt, "ok"), "m2", 3, ",long,"),
            Row(Requests.Turn("Hi", "Yo"), "m1", 4, ""),
        };
        var calls = """[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}}]""";
        var tools = """[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]""";
        var turn = $$"""[{"role":"user","content":"Weather in Oslo?"},{"role":"assistant","content":null,"tool_calls":{{calls}}}]""";
        var toolRow = Requests.Complete(turn, "tool_calls", tools, calls, "m3", Requests.Start.AddMinutes(5));
        rows.Add(toolRow);
        return rows;
    }

    /// <summary>The user prompt (first message's content) of each line, to check which rows were written.</summary>
    public static string Prompt(System.Text.Json.Nodes.JsonNode line) =>
        (string)line["messages"]![0]!["content"]!;

    /// <summary>The reply (last message's content) of each line.</summary>
    public static string? Reply(System.Text.Json.Nodes.JsonNode line) =>
        (string?)line["messages"]!.AsArray()[^1]!["content"];

    private static LlmRequest Row(string messages, string model, int minute, string tags)
    {
        var row = Requests.Complete(messages, model: model, timestamp: Requests.Start.AddMinutes(minute));
        row.Tags = tags;
        return row;
    }
}
