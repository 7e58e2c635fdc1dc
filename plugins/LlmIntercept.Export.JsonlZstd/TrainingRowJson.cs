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
    // Prompts are full of non-ASCII text; escaping it would only make the file larger. The JSON values are copied
    // as the host gives them, UTF-8 it wrote itself and promises valid and compact, so they are not parsed again.
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
        json.WritePropertyName("messages"u8);
        json.WriteRawValue(example.MessagesJsonUtf8.Span, skipInputValidation: true);
        if (example.ToolsJsonUtf8 is { } tools)
        {
            json.WritePropertyName("tools"u8);
            json.WriteRawValue(tools.Span, skipInputValidation: true);
        }

        json.WriteString("model"u8, example.Model);
        json.WriteString("timestamp"u8, example.Timestamp.UtcDateTime);
        if (example.ToolCallsJsonUtf8 is { } toolCalls)
        {
            json.WritePropertyName("tool_calls"u8);
            json.WriteRawValue(toolCalls.Span, skipInputValidation: true);
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
