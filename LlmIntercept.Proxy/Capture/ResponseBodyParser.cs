using System.Text.Json;

namespace LlmIntercept.Proxy.Capture;

/// <summary>Reads a plain (non-streamed) response body into a <see cref="CapturedResponse"/>.</summary>
internal static class ResponseBodyParser
{
    /// <summary>
    /// Parses <paramref name="body"/>. A body that is not JSON (an HTML error page from a load balancer) is not
    /// an exception: the result says it was not parsed and the raw text is stored as it is.
    /// </summary>
    public static CapturedResponse Parse(ReadOnlyMemory<byte> body)
    {
        var response = new CapturedResponse();
        if (body.IsEmpty)
        {
            return response;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return response;
            }

            response.Parsed = true;
            if (ChunkFields.IsErrorObject(root, out var error))
            {
                response.ErrorJson = error;
            }

            ChunkFields.ApplyIdentity(response, root);
            ChunkFields.ApplyUsageAndPromptFilters(response, root);
            ReadChoices(response, root);
        }
        catch (JsonException)
        {
            response.Parsed = false;
        }

        return response;
    }

    private static void ReadChoices(CapturedResponse response, JsonElement root)
    {
        if (!root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var position = 0;
        foreach (var element in choices.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var index = element.TryGetProperty("index", out _) ? ChunkFields.ReadIndex(element) : position;
            position++;
            var choice = response.GetOrAddChoice(index);
            if (element.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object)
            {
                DeltaMerger.Apply(choice.Message, message);
            }

            ChunkFields.ApplyFinishReason(choice, element);
            ChunkFields.CollectAnnotations(choice, element);
        }
    }
}
