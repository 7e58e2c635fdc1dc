using System.Text;
using System.Text.Json;
using LlmIntercept.Store;

namespace LlmIntercept.Dashboard.Requests;

/// <summary>The list's one-line preview: the text of the last user message, cut to <see cref="MaxLength"/>.</summary>
internal static class Preview
{
    public const int MaxLength = 200;

    public static string? FromMessages(string? messagesJson)
    {
        if (string.IsNullOrEmpty(messagesJson))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(messagesJson);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            JsonElement? lastUser = null;
            foreach (var message in document.RootElement.EnumerateArray())
            {
                if (message.ValueKind == JsonValueKind.Object
                    && message.TryGetProperty("role", out var role)
                    && role.ValueKind == JsonValueKind.String
                    && role.ValueEquals("user"))
                {
                    lastUser = message;
                }
            }

            return lastUser is { } user && user.TryGetProperty("content", out var content) ? Cut(Text(content)) : null;
        }
        catch (JsonException)
        {
            // Messages that are not JSON still appear in the list, only without a preview.
            return null;
        }
    }

    private static string Text(JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return JsonText.Read(content) ?? "";
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return "";
        }

        var builder = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object
                && part.TryGetProperty("text", out var text)
                && text.ValueKind == JsonValueKind.String)
            {
                builder.Append(builder.Length > 0 ? " " : "").Append(JsonText.Read(text));
                if (builder.Length > MaxLength)
                {
                    break;
                }
            }
        }

        return builder.ToString();
    }

    private static string Cut(string text)
    {
        if (text.Length <= MaxLength)
        {
            return text;
        }

        // Never split a surrogate pair: the cut would leave half a character.
        var length = char.IsHighSurrogate(text[MaxLength - 1]) ? MaxLength - 1 : MaxLength;
        return text[..length];
    }
}
