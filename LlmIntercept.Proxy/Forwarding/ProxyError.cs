using System.Text.Json;
using LlmIntercept.Proxy.Capture;

namespace LlmIntercept.Proxy.Forwarding;

/// <summary>OpenAI-style error bodies for answers the proxy gives itself.</summary>
internal static class ProxyError
{
    /// <summary>The inner error object: <c>{"message":…,"type":…}</c>, as stored in the record.</summary>
    public static string Json(string message, string type, string? code = null)
    {
        using var json = new PooledJson();
        WriteInner(json.Writer, message, type, code);
        return json.ToUtf8String();
    }

    /// <summary>The full body a client receives: <c>{"error":{…}}</c>.</summary>
    public static byte[] Body(string message, string type, string? code = null)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("error");
            WriteInner(writer, message, type, code);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static void WriteInner(Utf8JsonWriter writer, string message, string type, string? code)
    {
        writer.WriteStartObject();
        writer.WriteString("message", message);
        writer.WriteString("type", type);
        if (code is null)
        {
            writer.WriteNull("code");
        }
        else
        {
            writer.WriteString("code", code);
        }

        writer.WriteEndObject();
    }
}
