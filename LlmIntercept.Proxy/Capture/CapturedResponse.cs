using System.Text.Json;

namespace LlmIntercept.Proxy.Capture;

/// <summary>
/// What the upstream answered, in one shape for plain and streamed responses: the completion's identity,
/// its choices, usage and any error, plus what only a stream can tell (the sentinel, keep-alives, metadata).
/// </summary>
internal sealed class CapturedResponse
{
    public string? Id { get; set; }

    public string? Model { get; set; }

    public long? Created { get; set; }

    public string? SystemFingerprint { get; set; }

    public SortedDictionary<int, CapturedChoice> Choices { get; } = [];

    /// <summary>Usage exactly as sent (raw JSON), or null when the upstream sent none.</summary>
    public string? UsageJson { get; set; }

    /// <summary>An error object the upstream sent (raw JSON), in a body or inside a stream.</summary>
    public string? ErrorJson { get; set; }

    /// <summary>Raw JSON of prompt-level content-filter results (Azure), when sent.</summary>
    public List<string>? PromptFilterResults { get; set; }

    public bool DoneReceived { get; set; }

    public int KeepAliveCount { get; set; }

    /// <summary>Data events that were not JSON (they are kept in the raw body, and counted here).</summary>
    public int MalformedEventCount { get; set; }

    /// <summary>Whether the body could be read as a chat completion at all.</summary>
    public bool Parsed { get; set; }

    public CapturedChoice GetOrAddChoice(int index)
    {
        if (!Choices.TryGetValue(index, out var choice))
        {
            choice = new CapturedChoice(index);
            Choices.Add(index, choice);
        }

        return choice;
    }

    public CapturedChoice? FirstChoice => Choices.Count == 0 ? null : Choices.First().Value;

    /// <summary>Writes the response as the <c>chat.completion</c> object a non-streamed call would have returned.</summary>
    public void WriteCompletion(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        WriteOptional(writer, "id", Id);
        writer.WriteString("object", "chat.completion");
        if (Created is { } created)
        {
            writer.WriteNumber("created", created);
        }

        WriteOptional(writer, "model", Model);
        WriteOptional(writer, "system_fingerprint", SystemFingerprint);
        writer.WritePropertyName("choices");
        WriteChoices(writer);
        if (UsageJson is not null)
        {
            writer.WritePropertyName("usage");
            writer.WriteRawValue(UsageJson, skipInputValidation: true);
        }

        if (ErrorJson is not null)
        {
            writer.WritePropertyName("error");
            writer.WriteRawValue(ErrorJson, skipInputValidation: true);
        }

        writer.WriteEndObject();
    }

    public void WriteChoices(Utf8JsonWriter writer)
    {
        writer.WriteStartArray();
        foreach (var choice in Choices.Values)
        {
            choice.WriteTo(writer);
        }

        writer.WriteEndArray();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}

/// <summary>One choice: its message, finish reason, and any per-choice filter annotations (raw JSON).</summary>
internal sealed class CapturedChoice(int index)
{
    public int Index { get; } = index;

    public AssistantMessage Message { get; } = new();

    public string? FinishReason { get; set; }

    public List<string>? Annotations { get; set; }

    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber("index", Index);
        writer.WritePropertyName("message");
        Message.WriteTo(writer);
        if (FinishReason is null)
        {
            writer.WriteNull("finish_reason");
        }
        else
        {
            writer.WriteString("finish_reason", FinishReason);
        }

        writer.WriteEndObject();
    }
}
