namespace LlmIntercept.Plugins.Hosting.Export;

/// <summary>Why a complete request did not become a training row; the keys of <see cref="ExportSummary.Skipped"/>.</summary>
public static class SkipReasons
{
    /// <summary>The stored messages are not a JSON array of message objects.</summary>
    public const string UnparseableMessages = "unparseable_messages";

    /// <summary>The stored <c>tools</c> are not JSON.</summary>
    public const string UnparseableTools = "unparseable_tools";

    /// <summary>The messages do not end with the assistant's reply.</summary>
    public const string NoAssistantReply = "no_assistant_reply";

    /// <summary>The reply is a refusal; refusals are not exported.</summary>
    public const string Refusal = "refusal";

    /// <summary>A tool call's arguments are not valid JSON.</summary>
    public const string InvalidToolArguments = "invalid_tool_arguments";

    /// <summary>Prefix of the reason for a reply that ended other than <c>stop</c> or <c>tool_calls</c>.</summary>
    public const string FinishReasonPrefix = "finish_reason_";

    /// <summary>The reason for a reply that ended with <paramref name="finishReason"/> (null: none recorded).</summary>
    public static string FinishReason(string? finishReason) =>
        FinishReasonPrefix + (string.IsNullOrEmpty(finishReason) ? "missing" : finishReason);
}
