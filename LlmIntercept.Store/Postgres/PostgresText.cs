using System.Text;
using System.Text.Json;

namespace LlmIntercept.Store;

/// <summary>
/// Makes a record storable in PostgreSQL, which refuses what SQLite keeps: a NUL character in text, and in
/// <c>jsonb</c> the escapes <c>\u0000</c> and unpaired surrogates. Such characters become U+FFFD; a JSON column
/// whose value is not JSON keeps its text as a JSON string. A record the server would reject would otherwise fail
/// its whole batch again on every retry.
/// </summary>
internal static class PostgresText
{
    private const string Replacement = "\\ufffd";

    public static void Clean(LlmRequest r)
    {
        r.Model = Text(r.Model);
        r.ApiKeyHash = Text(r.ApiKeyHash);
        r.Response = Text(r.Response);
        r.Status = Text(r.Status)!;
        r.RequestBody = Text(r.RequestBody);
        r.ResponseBody = Text(r.ResponseBody);
        r.FinishReason = Text(r.FinishReason);
        r.Reasoning = Text(r.Reasoning);
        r.ReasoningField = Text(r.ReasoningField);
        r.Outcome = Text(r.Outcome)!;
        r.ResponseId = Text(r.ResponseId);
        r.ResponseModel = Text(r.ResponseModel);
        r.UpstreamUrl = Text(r.UpstreamUrl);
        r.Tags = Text(r.Tags)!;
        r.SessionId = Text(r.SessionId);

        r.Messages = Json(r.Messages);
        r.Functions = Json(r.Functions);
        r.FunctionCall = Json(r.FunctionCall);
        r.Tools = Json(r.Tools);
        r.ToolChoice = Json(r.ToolChoice);
        r.ToolCalls = Json(r.ToolCalls);
        r.Error = Json(r.Error);
        r.Choices = Json(r.Choices);
        r.Usage = Json(r.Usage);
        r.StreamMetadata = Json(r.StreamMetadata);
        r.ResponseHeaders = Json(r.ResponseHeaders);
    }

    public static string? Text(string? value) =>
        value is null || !value.Contains('\0', StringComparison.Ordinal) ? value : value.Replace('\0', '\uFFFD');

    public static string? Json(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (!IsJson(value))
        {
            return JsonSerializer.Serialize(Text(value));
        }

        return value.Contains('\\', StringComparison.Ordinal) ? ReplaceRejectedEscapes(value) : value;
    }

    private static bool IsJson(string value)
    {
        try
        {
            using var document = JsonDocument.Parse(value);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // In valid JSON a backslash only ever starts an escape inside a string, so a left-to-right scan sees each once.
    private static string ReplaceRejectedEscapes(string json)
    {
        StringBuilder? builder = null;
        var copied = 0;
        for (var i = 0; i < json.Length; i++)
        {
            if (json[i] != '\\')
            {
                continue;
            }

            if (json[i + 1] != 'u')
            {
                i++;
                continue;
            }

            var unit = ParseHex(json, i + 2);
            var length = 6;
            var rejected = unit == 0 || char.IsLowSurrogate((char)unit);
            if (char.IsHighSurrogate((char)unit))
            {
                var paired = i + 11 < json.Length && json[i + 6] == '\\' && json[i + 7] == 'u'
                    && char.IsLowSurrogate((char)ParseHex(json, i + 8));
                rejected = !paired;
                length = paired ? 12 : 6;
            }

            if (rejected)
            {
                builder ??= new StringBuilder(json.Length);
                builder.Append(json, copied, i - copied).Append(Replacement);
                copied = i + length;
            }

            i += length - 1;
        }

        return builder is null ? json : builder.Append(json, copied, json.Length - copied).ToString();
    }

    private static int ParseHex(string json, int start) =>
        int.Parse(json.AsSpan(start, 4), System.Globalization.NumberStyles.HexNumber, null);
}
