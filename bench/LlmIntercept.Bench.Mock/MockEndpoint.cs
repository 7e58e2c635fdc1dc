using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace LlmIntercept.Bench.Mock;

/// <summary>Drains the request, finds whether it asks for a stream, and answers from the prepared bytes.</summary>
internal static class MockEndpoint
{
    private static readonly byte[] StreamTrue = Encoding.UTF8.GetBytes("\"stream\":true");
    private static readonly byte[] StreamTrueSpaced = Encoding.UTF8.GetBytes("\"stream\": true");

    public static async Task HandleAsync(HttpContext context, MockOptions options, MockResponses responses)
    {
        var stream = await ReadAsksForStreamAsync(context.Request.BodyReader, context.RequestAborted);
        if (options.ServiceMs > 0)
        {
            await Task.Delay(options.ServiceMs, context.RequestAborted);
        }

        var response = context.Response;
        if (!stream)
        {
            response.ContentType = "application/json";
            response.ContentLength = responses.Completion.Length;
            await response.Body.WriteAsync(responses.Completion, context.RequestAborted);
            return;
        }

        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        await response.StartAsync(context.RequestAborted);
        var events = responses.StreamEvents;
        for (var i = 0; i < events.Count; i++)
        {
            if (i > 0 && options.EventDelayMs > 0)
            {
                await Task.Delay(options.EventDelayMs, context.RequestAborted);
            }

            await response.BodyWriter.WriteAsync(events[i], context.RequestAborted);
        }
    }

    private static async Task<bool> ReadAsksForStreamAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        var found = false;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            if (!found && result.IsCompleted)
            {
                found = Contains(result.Buffer);
            }

            if (result.IsCompleted)
            {
                reader.AdvanceTo(result.Buffer.End);
                return found;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static bool Contains(ReadOnlySequence<byte> buffer)
    {
        var span = buffer.IsSingleSegment ? buffer.FirstSpan : buffer.ToArray();
        return span.IndexOf(StreamTrue) >= 0 || span.IndexOf(StreamTrueSpaced) >= 0;
    }
}
