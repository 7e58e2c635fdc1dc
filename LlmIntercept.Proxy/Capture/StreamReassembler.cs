using System.Text.Json;

namespace LlmIntercept.Proxy.Capture;

/// <summary>
/// Rebuilds a chat completion from <c>chat.completion.chunk</c> events, tolerating what real upstreams send:
/// events without choices (usage, Azure prompt filters), choices without a delta (filter annotations), blank
/// ids and models that must not overwrite real ones, finish reasons that must not be reset by a later null,
/// tool-call fragments keyed by index and interleaved, reasoning under either field name, and errors sent as
/// events (chunk-shaped with a top-level <c>error</c>, bare <c>{"error":…}</c>, or <c>{"object":"error"}</c>).
/// </summary>
internal sealed class StreamReassembler
{
    private readonly SseEventParser _parser;

    public StreamReassembler()
    {
        _parser = new SseEventParser(OnEvent);
    }

    public CapturedResponse Response { get; } = new() { Parsed = true };

    public void Feed(ReadOnlySpan<byte> bytes) => _parser.Feed(bytes);

    public CapturedResponse Complete()
    {
        _parser.Complete();
        Response.KeepAliveCount = _parser.CommentCount;
        return Response;
    }

    private void OnEvent(SseEvent sseEvent)
    {
        var data = sseEvent.Data.Span.Trim(" \t"u8);
        if (data.SequenceEqual("[DONE]"u8))
        {
            Response.DoneReceived = true;
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(sseEvent.Data);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                ApplyChunk(document.RootElement);
            }
            else
            {
                Response.MalformedEventCount++;
            }
        }
        catch (JsonException)
        {
            Response.MalformedEventCount++;
        }
    }

    private void ApplyChunk(JsonElement chunk)
    {
        if (ChunkFields.IsErrorObject(chunk, out var error))
        {
            Response.ErrorJson = error;
        }

        ChunkFields.ApplyIdentity(Response, chunk);
        ChunkFields.ApplyUsageAndPromptFilters(Response, chunk);

        if (!chunk.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var element in choices.EnumerateArray())
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                ApplyChoice(element);
            }
        }
    }

    private void ApplyChoice(JsonElement element)
    {
        var choice = Response.GetOrAddChoice(ChunkFields.ReadIndex(element));
        if (element.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object)
        {
            DeltaMerger.Apply(choice.Message, delta);
        }
        else if (element.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object)
        {
            // A few servers send the whole message in one chunk instead of deltas.
            DeltaMerger.Apply(choice.Message, message);
        }

        ChunkFields.ApplyFinishReason(choice, element);
        ChunkFields.CollectAnnotations(choice, element);
    }
}
