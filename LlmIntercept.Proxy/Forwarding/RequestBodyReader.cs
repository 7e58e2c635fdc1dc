using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Unicode;

namespace LlmIntercept.Proxy.Forwarding;

/// <summary>A request body that was read and checked, or the error the client gets instead.</summary>
internal readonly record struct RequestBody(byte[] Buffer, int Length, int StatusCode, string? Error)
{
    public ReadOnlyMemory<byte> Memory => Buffer.AsMemory(0, Length);

    public bool IsValid => Error is null;
}

/// <summary>
/// Reads the whole request body (it goes upstream unchanged, and into the record) and checks that it is JSON:
/// media type, size limit, UTF-8, syntax and nesting depth. The body is small next to a response, and reading
/// it first is what lets the proxy answer bad input itself with a clear error.
/// </summary>
internal static class RequestBodyReader
{
    private const int MaxDepth = 128;

    public static async Task<RequestBody> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (!IsJsonMediaType(request.ContentType))
        {
            return Fail(StatusCodes.Status415UnsupportedMediaType,
                $"Content-Type must be application/json, not '{request.ContentType ?? "(none)"}'.");
        }

        if (request.ContentLength > limit)
        {
            return Fail(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {limit} bytes.");
        }

        var writer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 16 * 1024, limit) + 1);
        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            foreach (var segment in result.Buffer)
            {
                writer.Write(segment.Span);
            }

            reader.AdvanceTo(result.Buffer.End);
            if (writer.WrittenCount > limit)
            {
                return Fail(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {limit} bytes.");
            }

            if (result.IsCompleted)
            {
                break;
            }
        }

        var body = writer.WrittenMemory.ToArray();
        return Check(body) is { } error
            ? Fail(StatusCodes.Status400BadRequest, error)
            : new RequestBody(body, body.Length, StatusCodes.Status200OK, null);
    }

    private static string? Check(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return "The request body is empty; send a JSON chat-completions request.";
        }

        if (!Utf8.IsValid(body))
        {
            return "The request body is not valid UTF-8.";
        }

        var json = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            while (json.Read())
            {
            }

            return null;
        }
        catch (JsonException exception)
        {
            return $"The request body is not valid JSON: {exception.Message}";
        }
    }

    private static bool IsJsonMediaType(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType) || mediaType.MediaType is not { } type)
        {
            return false;
        }

        return type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    private static RequestBody Fail(int statusCode, string error) => new([], 0, statusCode, error);
}
