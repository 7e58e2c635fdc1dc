using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using LlmIntercept.Plugins.Hosting.Curation;

namespace LlmIntercept.Plugins.Hosting.Export;

/// <summary>What <see cref="DocumentRowMapper"/> made of a row.</summary>
internal enum DocumentMapResult
{
    /// <summary>The row is a training example.</summary>
    Mapped,

    /// <summary>The row is not exported, for the reason given.</summary>
    Skipped,

    /// <summary>The row has a shape this path does not decide; the node-based mapper must.</summary>
    Undecided,
}

/// <summary>
/// The mapper's fast path: one <see cref="JsonDocument"/> over the stored messages, read in place, and one reused
/// <see cref="Utf8JsonWriter"/> for the row, where the node-based path builds, clones and serialises a tree and then
/// curation parses the result again for its token estimate. The output is the same text: both paths unescape each
/// stored string and write it again through <see cref="CompactJson"/>'s encoder, and the estimate follows
/// <see cref="TokenEstimate"/>'s rules. Shapes where the node path would throw or could read differently (duplicate
/// property names, a role that is not a string, a tool call or function that is not an object, text that is not
/// valid UTF-16) are <see cref="DocumentMapResult.Undecided"/> and left to it. One instance serves one export.
/// </summary>
internal sealed class DocumentRowMapper
{
    private const int Role = 0;
    private const int Content = 1;
    private const int ToolCallsField = 3;
    private const int ReasoningContent = 6;

    // AssistantTurn's kept fields, in the order of the bits that record which were written.
    private static readonly string[] Kept =
        ["role", "content", "name", "tool_calls", "function_call", "weight", AssistantTurn.ReasoningContent];

    private static readonly byte[][] KeptUtf8 = Kept.Select(Encoding.UTF8.GetBytes).ToArray();

    private readonly ArrayBufferWriter<byte> buffer = new(16 * 1024);
    private readonly Utf8JsonWriter writer;
    private long characters;

    public DocumentRowMapper()
    {
        writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = CompactJson.Options.Encoder });
    }

    /// <summary>Maps <paramref name="row"/>; on <see cref="DocumentMapResult.Mapped"/> also gives its token estimate.</summary>
    public DocumentMapResult Map(
        ExportRow row,
        bool includeSystemPrompts,
        out TrainingExample? example,
        out int tokens,
        out string reason)
    {
        example = null;
        tokens = 0;
        reason = "";
        try
        {
            return MapCore(row, includeSystemPrompts, out example, out tokens, out reason);
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException)
        {
            // Text the writer or the reader refuses (lone surrogates and the like): the node path meets the same
            // text and decides, or fails, as it always did.
            return DocumentMapResult.Undecided;
        }
    }

    private DocumentMapResult MapCore(
        ExportRow row,
        bool includeSystemPrompts,
        out TrainingExample? example,
        out int tokens,
        out string reason)
    {
        example = null;
        tokens = 0;
        reason = "";
        if (!IsValidUtf8(row.Messages) || !IsValidUtf8(row.Tools))
        {
            // The node path reads such text as a string reader does (U+FFFD for each bad sequence).
            return DocumentMapResult.Undecided;
        }

        using var document = ParseMessages(row.Messages);
        reason = DocumentRowChecks.Check(row, document);
        if (reason == DocumentRowChecks.Undecided)
        {
            reason = "";
            return DocumentMapResult.Undecided;
        }

        byte[]? tools = null;
        if (reason.Length == 0 && !TryReadTools(row.Tools, out tools))
        {
            reason = SkipReasons.UnparseableTools;
        }

        if (reason.Length > 0)
        {
            return DocumentMapResult.Skipped;
        }

        if (!TryWriteMessages(document!.RootElement, includeSystemPrompts, row.Reasoning, out var count, out var toolCalls))
        {
            return DocumentMapResult.Undecided;
        }

        tokens = (int)Math.Min(int.MaxValue, ((characters + 3) / 4) + ((long)TokenEstimate.PerMessage * count));
        example = new TrainingExample
        {
            Id = row.Id,
            Timestamp = new DateTimeOffset(DateTime.SpecifyKind(row.Timestamp, DateTimeKind.Utc)),
            Model = row.Model ?? row.ResponseModel,
            MessagesJsonUtf8 = buffer.WrittenSpan.ToArray(),
            ToolsJsonUtf8 = tools,
            ToolCallsJsonUtf8 = toolCalls,
            Tags = SplitTags(row.Tags),
        };
        return DocumentMapResult.Mapped;
    }

    /// <summary>The stored comma-separated tags; most rows have none, and share one empty list.</summary>
    public static IReadOnlyList<string> SplitTags(string tags) =>
        tags.Length == 0 ? [] : tags.Split(',', StringSplitOptions.RemoveEmptyEntries);

    private static bool IsValidUtf8(StoredText? text) => text is null || Utf8.IsValid(text.Utf8.Span);

    private bool TryReadTools(StoredText? json, out byte[]? tools)
    {
        tools = null;
        if (json is null)
        {
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(json.Utf8);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array && root.GetArrayLength() > 0)
            {
                tools = Serialize(root);
            }

            return root.ValueKind is JsonValueKind.Null or JsonValueKind.Array;
        }
        catch (JsonException)
        {
            // Blank text (which no JSON reader takes) means no tools, as it does on the node path.
            return string.IsNullOrWhiteSpace(json.ToString());
        }
    }

    /// <summary>
    /// Writes the row's messages (system prompts dropped when asked, the reply normalised as
    /// <see cref="AssistantTurn.Normalize"/> does) into the buffer and counts their text; false when undecided.
    /// </summary>
    private bool TryWriteMessages(
        JsonElement messages,
        bool includeSystemPrompts,
        string? storedReasoning,
        out int count,
        out byte[]? toolCalls)
    {
        count = 0;
        toolCalls = null;
        characters = 0;
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        writer.WriteStartArray();
        var length = messages.GetArrayLength();
        for (var i = 0; i < length - 1; i++)
        {
            var message = messages[i];
            if (DocumentRowChecks.HasDuplicateNames(message) || !DocumentRowChecks.TryReadRole(message, out var role))
            {
                return false;
            }

            if (!includeSystemPrompts && role is "system" or "developer")
            {
                continue;
            }

            if (!TryCount(message, structural: false))
            {
                return false;
            }

            message.WriteTo(writer);
            count++;
        }

        if (!TryWriteReply(messages[length - 1], storedReasoning, out toolCalls))
        {
            return false;
        }

        writer.WriteEndArray();
        writer.Flush();
        count++;
        return true;
    }

    private bool TryWriteReply(JsonElement assistant, string? storedReasoning, out byte[]? toolCalls)
    {
        toolCalls = null;
        var hasReasoningContent = assistant.TryGetProperty("reasoning_content"u8, out var existing)
            && existing.ValueKind != JsonValueKind.Null;
        var written = 0;
        writer.WriteStartObject();
        foreach (var property in assistant.EnumerateObject())
        {
            var field = FieldOf(property, hasReasoningContent);
            if (field < 0
                || (property.Value.ValueKind == JsonValueKind.Null && field != Content)
                || (written & (1 << field)) != 0)
            {
                continue;
            }

            written |= 1 << field;
            if (!TryCount(property.Value, structural: field == Role))
            {
                return false;
            }

            writer.WritePropertyName(Kept[field]);
            if (field == ToolCallsField && property.Value is { ValueKind: JsonValueKind.Array } calls
                && calls.GetArrayLength() > 0)
            {
                writer.Flush();
                var start = buffer.WrittenCount;
                calls.WriteTo(writer);
                writer.Flush();
                toolCalls = buffer.WrittenSpan[start..].ToArray();
            }
            else
            {
                property.Value.WriteTo(writer);
            }
        }

        if ((written & (1 << ReasoningContent)) == 0 && !string.IsNullOrEmpty(storedReasoning))
        {
            if (storedReasoning.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') >= 0)
            {
                return false;
            }

            writer.WriteString(AssistantTurn.ReasoningContent, storedReasoning);
            characters += storedReasoning.Length;
        }

        writer.WriteEndObject();
        return true;
    }

    /// <summary>The kept field a reply property becomes (<c>reasoning</c> is renamed when nothing else claims the name), or -1.</summary>
    private static int FieldOf(JsonProperty property, bool hasReasoningContent)
    {
        if (!hasReasoningContent && property.NameEquals("reasoning"u8))
        {
            return ReasoningContent;
        }

        for (var i = 0; i < KeptUtf8.Length; i++)
        {
            if (property.NameEquals(KeptUtf8[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Adds the text <see cref="TokenEstimate"/> counts in <paramref name="value"/>; false on duplicate names.</summary>
    private bool TryCount(JsonElement value, bool structural)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String when !structural:
                characters += Utf16Length(value);
                return true;
            case JsonValueKind.Object:
                if (DocumentRowChecks.HasDuplicateNames(value))
                {
                    return false;
                }

                foreach (var property in value.EnumerateObject())
                {
                    if (!TryCount(property.Value, IsStructural(property)))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    if (!TryCount(item, structural: false))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }

    /// <summary>The length of a string value as .NET text, without making the string unless it is escaped.</summary>
    private static int Utf16Length(JsonElement value)
    {
        var quoted = JsonMarshal.GetRawUtf8Value(value);
        var text = quoted[1..^1];
        if (text.Contains((byte)'\\'))
        {
            return value.GetString()!.Length;
        }

        return Ascii.IsValid(text) ? text.Length : Encoding.UTF8.GetCharCount(text);
    }

    private static bool IsStructural(JsonProperty property) =>
        property.NameEquals("role"u8) || property.NameEquals("type"u8)
        || property.NameEquals("id"u8) || property.NameEquals("tool_call_id"u8);

    private byte[] Serialize(JsonElement value)
    {
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        value.WriteTo(writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static JsonDocument? ParseMessages(StoredText? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            // Over the row's own bytes: nothing is copied, transcoded or cleared afterwards.
            return JsonDocument.Parse(json.Utf8);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
