using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmIntercept.Plugins.Hosting.Export;

/// <summary>
/// Turns a stored request into a training row, or names why it cannot be one. The rules follow the capture
/// cases: only replies that ended in <c>stop</c> or <c>tool_calls</c> (or carry tool calls), whose tool-call
/// arguments are JSON, and that are not refusals are exported.
/// </summary>
/// <remarks>
/// Rows go through <see cref="DocumentRowMapper"/> first, which gives the same rows faster; the node-based rules
/// below are the reference, and decide every row of a shape the fast path leaves undecided.
/// </remarks>
internal static class TrainingExampleMapper
{
    public static bool TryMap(ExportRow row, bool includeSystemPrompts, out TrainingExample? example, out string reason) =>
        TryMap(new DocumentRowMapper(), row, includeSystemPrompts, out example, out _, out reason);

    /// <summary>
    /// Maps <paramref name="row"/> through <paramref name="fast"/>, or the node path when it does not decide;
    /// <paramref name="tokens"/> is the row's <see cref="Curation.TokenEstimate"/> when the fast path mapped it.
    /// </summary>
    public static bool TryMap(
        DocumentRowMapper fast,
        ExportRow row,
        bool includeSystemPrompts,
        out TrainingExample? example,
        out int? tokens,
        out string reason)
    {
        tokens = null;
        switch (fast.Map(row, includeSystemPrompts, out example, out var estimate, out reason))
        {
            case DocumentMapResult.Mapped:
                tokens = estimate;
                return true;
            case DocumentMapResult.Skipped:
                return false;
            default:
                return TryMapWithNodes(row, includeSystemPrompts, out example, out reason);
        }
    }

    /// <summary>The reference rules, on a node tree.</summary>
    public static bool TryMapWithNodes(
        ExportRow row,
        bool includeSystemPrompts,
        out TrainingExample? example,
        out string reason)
    {
        example = null;
        reason = Check(row, out var messages, out var tools);
        if (reason.Length > 0)
        {
            return false;
        }

        if (!includeSystemPrompts)
        {
            RemoveSystemPrompts(messages!);
        }

        var assistant = AssistantTurn.Normalize((JsonObject)messages![^1]!, row.Reasoning);
        messages.RemoveAt(messages.Count - 1);
        messages.Add(assistant);

        example = new TrainingExample
        {
            Id = row.Id,
            Timestamp = new DateTimeOffset(DateTime.SpecifyKind(row.Timestamp, DateTimeKind.Utc)),
            Model = row.Model ?? row.ResponseModel,
            MessagesJson = messages.ToJsonString(CompactJson.Options),
            ToolsJson = tools?.ToJsonString(CompactJson.Options),
            ToolCallsJson = AssistantTurn.ToolCalls(assistant)?.ToJsonString(CompactJson.Options),
            Tags = DocumentRowMapper.SplitTags(row.Tags),
        };
        return true;
    }

    /// <summary>Returns the skip reason, or an empty string when the row can be exported.</summary>
    private static string Check(ExportRow row, out JsonArray? messages, out JsonArray? tools)
    {
        tools = null;
        messages = ParseMessages(row.Messages?.ToString());
        if (!row.ToolArgumentsValid)
        {
            return SkipReasons.InvalidToolArguments;
        }

        if (messages is null)
        {
            return SkipReasons.UnparseableMessages;
        }

        if (messages.Any(m => m!["role"] is { } role && role.GetValueKind() != JsonValueKind.String))
        {
            return SkipReasons.MalformedMessages;
        }

        if (messages is not [.., JsonObject last] || (string?)last["role"] != "assistant")
        {
            return SkipReasons.NoAssistantReply;
        }

        if (AssistantTurn.IsRefusal(last))
        {
            return SkipReasons.Refusal;
        }

        var calls = AssistantTurn.Calls(last);
        if (row.FinishReason is not ("stop" or "tool_calls") && calls.Count == 0)
        {
            return SkipReasons.FinishReason(row.FinishReason);
        }

        if (!calls.All(AssistantTurn.ArgumentsAreJson))
        {
            return SkipReasons.InvalidToolArguments;
        }

        return TryParseTools(row.Tools?.ToString(), out tools) ? "" : SkipReasons.UnparseableTools;
    }

    private static JsonArray? ParseMessages(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json) is JsonArray array && array.All(m => m is JsonObject) ? array : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool TryParseTools(string? json, out JsonArray? tools)
    {
        tools = null;
        if (string.IsNullOrWhiteSpace(json))
        {
            return true;
        }

        try
        {
            var node = JsonNode.Parse(json);
            tools = node is JsonArray { Count: > 0 } array ? array : null;
            return node is null or JsonArray;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void RemoveSystemPrompts(JsonArray messages)
    {
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if ((string?)messages[i]!["role"] is "system" or "developer")
            {
                messages.RemoveAt(i);
            }
        }
    }
}
