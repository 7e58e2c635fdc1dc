using System.Text.Encodings.Web;
using System.Text.Json;
using LlmIntercept.Plugins;

namespace LlmIntercept.Export.JsonlZstd;

/// <summary>
/// One line of the file: <c>messages</c> and <c>tools</c> as the OpenAI chat fine-tuning layout wants them,
/// then the row's metadata (<c>model</c>, <c>timestamp</c>, <c>tool_calls</c>, <c>split</c> when split by a
/// column). When a training flavour was chosen the line is that flavour's record instead (plus <c>split</c>).
/// </summary>
internal static class TrainingRowJson
{
    // Prompts are full of non-ASCII text; escaping it would only make the file larger. Raw values are
    // copied as stored, and validated by the writer, so every line stays one valid JSON object.
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    public static void Write(Utf8JsonWriter json, TrainingExample example)
    {
        if (example.RecordJson is { } record)
        {
            WriteRecord(json, record, example.Split);
            return;
        }

        json.WriteStartObject();
        json.WritePropertyName("messages");
        json.WriteRawValue(example.MessagesJson);
        if (example.ToolsJson is { } tools)
        {
            json.WritePropertyName("tools");
            json.WriteRawValue(tools);
        }

        json.WriteString("model", example.Model);
        json.WriteString("timestamp", example.Timestamp.UtcDateTime);
        if (example.ToolCallsJson is { } toolCalls)
        {
            json.WritePropertyName("tool_calls");
            json.WriteRawValue(toolCalls);
        }

        if (example.Split is { } split)
        {
            json.WriteString("split", split);
        }

        json.WriteEndObject();
    }

    /// <summary>A flavour's row as it is, with <c>split</c> added when the export splits by a column.</summary>
    private static void WriteRecord(Utf8JsonWriter json, string record, string? split)
    {
        if (split is null)
        {
            json.WriteRawValue(record);
            return;
        }

        using var document = JsonDocument.Parse(record);
        json.WriteStartObject();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            property.WriteTo(json);
        }

        json.WriteString("split", split);
        json.WriteEndObject();
    }
}
