using System.Text.Json;
using LlmIntercept.Store;

namespace LlmIntercept.Proxy.Capture;

/// <summary>Reads the parts of a completion or chunk object that are shared by plain bodies and stream events.</summary>
internal static class ChunkFields
{
    /// <summary>
    /// Takes id, model, created and fingerprint from the first event that carries a non-empty value; Azure's
    /// filter events carry <c>""</c> and <c>0</c>, which must not overwrite the real ones.
    /// </summary>
    public static void ApplyIdentity(CapturedResponse response, JsonElement chunk)
    {
        response.Id ??= NonEmptyString(chunk, "id");
        response.Model ??= NonEmptyString(chunk, "model");
        response.SystemFingerprint ??= NonEmptyString(chunk, "system_fingerprint");
        if (response.Created is null
            && chunk.TryGetProperty("created", out var created)
            && created.ValueKind == JsonValueKind.Number
            && created.TryGetInt64(out var seconds)
            && seconds > 0)
        {
            response.Created = seconds;
        }
    }

    /// <summary>Usage may ride on the empty-choices event or on one that still carries a choice.</summary>
    public static void ApplyUsageAndPromptFilters(CapturedResponse response, JsonElement chunk)
    {
        if (chunk.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            response.UsageJson = JsonText.Raw(usage);
        }

        foreach (var name in (ReadOnlySpan<string>)["prompt_filter_results", "prompt_annotations"])
        {
            if (chunk.TryGetProperty(name, out var filters) && filters.ValueKind != JsonValueKind.Null)
            {
                (response.PromptFilterResults ??= []).Add(JsonText.Raw(filters));
            }
        }
    }

    /// <summary>
    /// Recognises the error shapes upstreams use: a top-level <c>error</c> object or string (OpenRouter's
    /// chunk-shaped error, OpenAI-style bare errors) and vLLM's <c>{"object":"error",…}</c>.
    /// </summary>
    public static bool IsErrorObject(JsonElement chunk, out string error)
    {
        if (chunk.TryGetProperty("error", out var value) && value.ValueKind is JsonValueKind.Object or JsonValueKind.String)
        {
            error = JsonText.Raw(value);
            return true;
        }

        if (chunk.TryGetProperty("object", out var kind)
            && kind.ValueKind == JsonValueKind.String
            && kind.ValueEquals("error"u8))
        {
            error = JsonText.Raw(chunk);
            return true;
        }

        error = "";
        return false;
    }

    public static int ReadIndex(JsonElement element) =>
        element.TryGetProperty("index", out var index)
        && index.ValueKind == JsonValueKind.Number
        && index.TryGetInt32(out var value)
            ? value
            : 0;

    /// <summary>A finish reason is set by the first non-null value and never reset by a later null.</summary>
    public static void ApplyFinishReason(CapturedChoice choice, JsonElement element)
    {
        if (element.TryGetProperty("finish_reason", out var reason)
            && reason.ValueKind == JsonValueKind.String
            && JsonText.Read(reason) is { Length: > 0 } text)
        {
            choice.FinishReason = text;
        }
    }

    /// <summary>Keeps content-filter annotations (Azure) verbatim, apart from the message.</summary>
    public static void CollectAnnotations(CapturedChoice choice, JsonElement element)
    {
        var hasResults = element.TryGetProperty("content_filter_results", out var results)
            && results.ValueKind == JsonValueKind.Object
            && results.EnumerateObject().Any();
        var hasOffsets = element.TryGetProperty("content_filter_offsets", out _);
        if (!hasResults && !hasOffsets)
        {
            return;
        }

        using var buffer = new PooledJson();
        var writer = buffer.Writer;
        writer.WriteStartObject();
        if (hasResults)
        {
            writer.WritePropertyName("content_filter_results");
            JsonText.WriteRaw(writer, results);
        }

        if (element.TryGetProperty("content_filter_offsets", out var offsets))
        {
            writer.WritePropertyName("content_filter_offsets");
            JsonText.WriteRaw(writer, offsets);
        }

        writer.WriteEndObject();
        (choice.Annotations ??= []).Add(buffer.ToUtf8String());
    }

    public static string? NonEmptyString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
        && JsonText.Read(value) is { Length: > 0 } text
            ? text
            : null;
}
