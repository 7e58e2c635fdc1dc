using System.Text.Json.Nodes;

namespace LlmIntercept.Plugins.Hosting.Curation;

/// <summary>
/// A tokenizer-free length estimate: one token per four characters of the conversation's text (message
/// contents, text parts, reasoning, tool-call names and arguments), rounded up, plus four tokens a message
/// for the chat template's framing. Close to GPT-style tokenizers on English; low for CJK text.
/// </summary>
internal static class TokenEstimate
{
    public const int PerMessage = 4;

    private static readonly HashSet<string> Structural = ["role", "type", "id", "tool_call_id"];

    public static int Of(JsonArray messages)
    {
        long characters = 0;
        foreach (var message in messages)
        {
            characters += TextLength(message, key: null);
        }

        return (int)Math.Min(int.MaxValue, ((characters + 3) / 4) + ((long)PerMessage * messages.Count));
    }

    private static long TextLength(JsonNode? node, string? key) => node switch
    {
        JsonValue value when key is null || !Structural.Contains(key) =>
            value.TryGetValue<string>(out var text) ? text.Length : 0,
        JsonObject obj => obj.Sum(pair => TextLength(pair.Value, pair.Key)),
        JsonArray array => array.Sum(item => TextLength(item, key: null)),
        _ => 0,
    };
}
