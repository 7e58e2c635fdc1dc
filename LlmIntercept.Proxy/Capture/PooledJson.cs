using System.Buffers;
using System.Text;
using System.Text.Json;

namespace LlmIntercept.Proxy.Capture;

/// <summary>A JSON writer over a reusable buffer, for building the small JSON values a record stores.</summary>
internal sealed class PooledJson : IDisposable
{
    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private readonly ArrayBufferWriter<byte> _buffer = new(512);

    public PooledJson()
    {
        Writer = new Utf8JsonWriter(_buffer, Options);
    }

    public Utf8JsonWriter Writer { get; }

    public string ToUtf8String()
    {
        Writer.Flush();
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }

    public void Dispose() => Writer.Dispose();
}
