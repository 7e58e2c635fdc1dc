using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace LlmIntercept.Store;

/// <summary>
/// Reads a JSON string whatever it holds. <see cref="JsonElement.GetString"/> throws for text that is valid JSON
/// but not Unicode (an escaped lone surrogate such as <c>\ud800</c>, or invalid UTF-8 from an upstream); captured
/// text is whatever a client or provider sent, so such a string is kept as its raw JSON text instead, with
/// invalid bytes replaced by U+FFFD.
/// </summary>
public static class JsonText
{
    /// <summary>The element's JSON text as sent; unlike <see cref="JsonElement.GetRawText"/> it never throws.</summary>
    public static string Raw(JsonElement value) => Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8Value(value));

    /// <summary>Writes the element as sent; unlike <see cref="JsonElement.WriteTo"/> it never unescapes, so never throws.</summary>
    public static void WriteRaw(Utf8JsonWriter writer, JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(value), skipInputValidation: true);
    }

    public static string? Read(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            var raw = JsonMarshal.GetRawUtf8Value(value);
            return Encoding.UTF8.GetString(raw.Length >= 2 ? raw[1..^1] : raw);
        }
    }
}
