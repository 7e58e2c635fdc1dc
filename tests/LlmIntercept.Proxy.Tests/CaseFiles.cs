using System.Text;
using System.Text.Json;
using LlmIntercept.Proxy.Capture;
using LlmIntercept.Store;

namespace LlmIntercept.Proxy.Tests;

/// <summary>The byte streams of ../shared/cases, copied verbatim into Cases/, and helpers to replay them.</summary>
internal static class CaseFiles
{
    public static string Text(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Cases", name));

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Cases", name));

    /// <summary>Builds the record a streamed 200 response with <paramref name="sse"/> as its body produces.</summary>
    public static LlmRequest RecordForStream(string requestFile, byte[] sse, TransportFailure failure = TransportFailure.None)
    {
        using var exchange = new CapturedExchange
        {
            Timestamp = DateTimeOffset.UnixEpoch,
            RequestBody = Bytes(requestFile),
        };
        exchange.StatusCode = 200;
        exchange.IsEventStream = true;
        exchange.Failure = failure;
        exchange.Body.Append(sse);
        return new RecordBuilder().Build(exchange).Record;
    }

    /// <summary>Builds the record of a plain JSON response.</summary>
    public static LlmRequest RecordForBody(string requestFile, int status, byte[] body)
    {
        using var exchange = new CapturedExchange
        {
            Timestamp = DateTimeOffset.UnixEpoch,
            RequestBody = Bytes(requestFile),
        };
        exchange.StatusCode = status;
        exchange.Body.Append(body);
        return new RecordBuilder().Build(exchange).Record;
    }

    /// <summary>The first choice's stored message, re-serialised compactly for comparison.</summary>
    public static string FirstMessage(LlmRequest record)
    {
        using var choices = JsonDocument.Parse(record.Choices!);
        return Compact(choices.RootElement[0].GetProperty("message").GetRawText());
    }

    public static string Compact(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement);
    }

    /// <summary>Converts LF line ends to CRLF or CR, to prove the parser does not depend on them.</summary>
    public static byte[] WithLineEnds(byte[] lf, string lineEnd) =>
        Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(lf).Replace("\n", lineEnd, StringComparison.Ordinal));
}
