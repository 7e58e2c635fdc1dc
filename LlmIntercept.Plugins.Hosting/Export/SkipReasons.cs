namespace LlmIntercept.Plugins.Hosting.Export;

/// <summary>Why a complete request did not become a training row; the keys of <see cref="ExportSummary.Skipped"/>.</summary>
public static class SkipReasons
{
    /// <summary>The stored messages are not a JSON array of message objects.</summary>
    public const string UnparseableMessages = "unparseable_messages";

    /// <summary>
    /// The messages are JSON but not chat messages a trainer can read: a property name repeated in one object, a
    /// role that is not a string.
    /// </summary>
    public const string MalformedMessages = "malformed_messages";

    /// <summary>The stored timestamp is not a date and time (a value written by hand in another form).</summary>
    public const string UnreadableTimestamp = "unreadable_timestamp";

    /// <summary>The stored <c>tools</c> are not JSON.</summary>
    public const string UnparseableTools = "unparseable_tools";

    /// <summary>The messages do not end with the assistant's reply.</summary>
    public const string NoAssistantReply = "no_assistant_reply";

    /// <summary>The reply is a refusal; refusals are not exported.</summary>
    public const string Refusal = "refusal";

    /// <summary>A tool call's arguments are not valid JSON.</summary>
    public const string InvalidToolArguments = "invalid_tool_arguments";

    /// <summary>The request did not end in a complete reply (failed, cut off, filtered, aborted).</summary>
    public const string NotComplete = "not_complete";

    /// <summary>The request was marked excluded from datasets in review.</summary>
    public const string Excluded = "excluded";

    /// <summary>The same messages and reply were already written.</summary>
    public const string Duplicate = "duplicate";

    /// <summary>The same prompt was already written with a later reply (prompt de-duplication).</summary>
    public const string DuplicatePrompt = "duplicate_prompt";

    /// <summary>Estimated shorter than the minimum token length.</summary>
    public const string TooShort = "too_short";

    /// <summary>Estimated longer than the maximum token length.</summary>
    public const string TooLong = "too_long";

    /// <summary>The conversation cannot be written in the chosen flavour (for example a non-text part).</summary>
    public const string UnfitForFlavour = "unfit_for_flavour";

    /// <summary>Prefix of the reason for a reply that ended other than <c>stop</c> or <c>tool_calls</c>.</summary>
    public const string FinishReasonPrefix = "finish_reason_";

    /// <summary>The reason for a reply that ended with <paramref name="finishReason"/> (null: none recorded).</summary>
    public static string FinishReason(string? finishReason) =>
        FinishReasonPrefix + (string.IsNullOrEmpty(finishReason) ? "missing" : finishReason);
}
