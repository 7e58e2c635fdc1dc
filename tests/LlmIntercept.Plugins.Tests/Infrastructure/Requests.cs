using LlmIntercept.Store;

namespace LlmIntercept.Plugins.Tests.Infrastructure;

/// <summary>Stored requests as the proxy's capture leaves them: request messages with the assistant reply appended.</summary>
internal static class Requests
{
    public static readonly DateTime Start = new(2026, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc);

    public static LlmRequest Complete(
        string messages,
        string? finishReason = "stop",
        string? tools = null,
        string? toolCalls = null,
        string? model = "model-a",
        DateTime? timestamp = null,
        bool toolArgumentsValid = true,
        string? reasoning = null,
        string outcome = RequestOutcome.Complete) =>
        new()
        {
            Timestamp = timestamp ?? Start,
            Model = model,
            Messages = messages,
            Tools = tools,
            ToolCalls = toolCalls,
            HasToolCalls = toolCalls is not null,
            FinishReason = finishReason,
            Outcome = outcome,
            Status = RequestOutcome.IsOk(outcome) ? RequestStatus.Ok : RequestStatus.Error,
            ToolArgumentsValid = toolArgumentsValid,
            Reasoning = reasoning,
            Stream = true,
            ResponseTimeMs = 12,
        };

    /// <summary>A one-turn conversation: user <paramref name="prompt"/>, assistant <paramref name="reply"/>.</summary>
    public static string Turn(string prompt, string reply) =>
        $$"""[{"role":"user","content":{{Json(prompt)}}},{"role":"assistant","content":{{Json(reply)}}}]""";

    public static string Json(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
