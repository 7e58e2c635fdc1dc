using System.Text.Json;
using LlmIntercept.Store;

namespace LlmIntercept.Proxy.Capture;

/// <summary>The request parameters the original tool kept in their own columns, read from the raw body.</summary>
internal sealed class RequestFields
{
    public string? Model { get; private set; }
    public double? Temperature { get; private set; }
    public int? MaxTokens { get; private set; }
    public double? TopP { get; private set; }
    public double? FrequencyPenalty { get; private set; }
    public double? PresencePenalty { get; private set; }
    public bool Stream { get; private set; }
    public string? Functions { get; private set; }
    public string? FunctionCall { get; private set; }
    public string? Tools { get; private set; }
    public string? ToolChoice { get; private set; }

    /// <summary>The <c>messages</c> array as sent, or null when absent or not an array.</summary>
    public JsonElement? Messages { get; private set; }

    public static RequestFields Read(JsonDocument? document)
    {
        var fields = new RequestFields();
        if (document?.RootElement is not { ValueKind: JsonValueKind.Object } root)
        {
            return fields;
        }

        fields.Model = ChunkFields.NonEmptyString(root, "model");
        fields.Temperature = Number(root, "temperature");
        fields.MaxTokens = Integer(root, "max_tokens") ?? Integer(root, "max_completion_tokens");
        fields.TopP = Number(root, "top_p");
        fields.FrequencyPenalty = Number(root, "frequency_penalty");
        fields.PresencePenalty = Number(root, "presence_penalty");
        fields.Stream = root.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True;
        fields.Functions = Raw(root, "functions");
        fields.FunctionCall = Raw(root, "function_call");
        fields.Tools = Raw(root, "tools");
        fields.ToolChoice = Raw(root, "tool_choice");
        if (root.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
        {
            fields.Messages = messages;
        }

        return fields;
    }

    private static double? Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            && value.TryGetDouble(out var number)
            ? number
            : null;

    private static int? Integer(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            && value.TryGetInt32(out var number)
            ? number
            : null;

    private static string? Raw(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? JsonText.Raw(value) : null;
}
