using System.Text.Json;
using LlmIntercept.Store;

namespace LlmIntercept.Proxy.Capture;

/// <summary>Copies the token counts out of the raw usage object into their own columns, for statistics.</summary>
internal static class UsageTokens
{
    public static void Apply(LlmRequest record, string? usageJson)
    {
        if (usageJson is null)
        {
            return;
        }

        using var usage = JsonDocument.Parse(usageJson);
        record.PromptTokens = Read(usage.RootElement, "prompt_tokens");
        record.CompletionTokens = Read(usage.RootElement, "completion_tokens");
        record.TotalTokens = Read(usage.RootElement, "total_tokens")
            ?? (record.PromptTokens + record.CompletionTokens);
    }

    private static int? Read(JsonElement usage, string name) =>
        usage.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            && value.TryGetInt32(out var count)
            ? count
            : null;
}
