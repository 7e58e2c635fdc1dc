namespace LlmIntercept.Store;

/// <summary>
/// One proxied chat completion, as stored in <c>llm_requests</c>. The first group of columns keeps the original
/// tool's names and meanings; the rest is what a faithful dataset needs on top.
/// </summary>
public sealed class LlmRequest
{
    public long Id { get; set; }

    // The original tool's columns.
    public DateTime Timestamp { get; set; }
    public string? Model { get; set; }
    public string? ApiKeyHash { get; set; }
    public double? Temperature { get; set; }
    public int? MaxTokens { get; set; }
    public double? TopP { get; set; }
    public double? FrequencyPenalty { get; set; }
    public double? PresencePenalty { get; set; }
    public bool Stream { get; set; }

    /// <summary>The request's messages with the assistant reply (first choice) appended, as a JSON array.</summary>
    public string? Messages { get; set; }
    public string? Functions { get; set; }
    public string? FunctionCall { get; set; }
    public string? Tools { get; set; }
    public string? ToolChoice { get; set; }

    /// <summary>The response as a <c>chat.completion</c> object: the body itself, or the one reassembled from a stream.</summary>
    public string? Response { get; set; }
    public double ResponseTimeMs { get; set; }

    /// <summary>The first choice's tool calls as a JSON array, or null.</summary>
    public string? ToolCalls { get; set; }

    /// <summary><c>ok</c> when the upstream answered and the reply finished (complete or refusal); <c>error</c> otherwise.</summary>
    public string Status { get; set; } = RequestStatus.Error;
    public int? StatusCode { get; set; }

    /// <summary>The error as a JSON object: the upstream's own error verbatim, or the proxy's.</summary>
    public string? Error { get; set; }

    // Added for datasets.
    /// <summary>The request body exactly as the client sent it.</summary>
    public string? RequestBody { get; set; }

    /// <summary>For streams, the raw event-stream text received; null for plain responses (see <see cref="Response"/>).</summary>
    public string? ResponseBody { get; set; }

    /// <summary>JSON array of <c>{index, message, finish_reason}</c>, one per choice, reassembled.</summary>
    public string? Choices { get; set; }
    public string? FinishReason { get; set; }
    public string? Reasoning { get; set; }

    /// <summary>The field name the upstream used for reasoning: <c>reasoning_content</c> or <c>reasoning</c>.</summary>
    public string? ReasoningField { get; set; }

    /// <summary>One of <see cref="RequestOutcome"/>.</summary>
    public string Outcome { get; set; } = RequestOutcome.UpstreamError;

    /// <summary>Usage exactly as the upstream sent it; null when it sent none (not zero).</summary>
    public string? Usage { get; set; }
    public int? PromptTokens { get; set; }
    public int? CompletionTokens { get; set; }
    public int? TotalTokens { get; set; }
    public double? TimeToFirstByteMs { get; set; }
    public string? ResponseId { get; set; }
    public string? ResponseModel { get; set; }

    /// <summary>For streams, whether the <c>[DONE]</c> sentinel arrived.</summary>
    public bool? DoneReceived { get; set; }
    public int KeepAliveCount { get; set; }

    /// <summary>Provider metadata seen in the stream (content-filter annotations and the like), verbatim JSON.</summary>
    public string? StreamMetadata { get; set; }
    public string? ResponseHeaders { get; set; }
    public bool HasToolCalls { get; set; }

    /// <summary>False when a tool call's arguments are not valid JSON; such rows are never exported.</summary>
    public bool ToolArgumentsValid { get; set; } = true;
    public bool CaptureTruncated { get; set; }
    public string? UpstreamUrl { get; set; }

    // Curation.
    /// <summary>Comma-wrapped tag list (<c>,support,v2,</c>) so one tag matches with LIKE; empty when none.</summary>
    public string Tags { get; set; } = "";
    public string? SessionId { get; set; }
    public bool Excluded { get; set; }
    public bool Starred { get; set; }
}

/// <summary>Values of <see cref="LlmRequest.Status"/>.</summary>
public static class RequestStatus
{
    public const string Ok = "ok";
    public const string Error = "error";
}

/// <summary>Values of <see cref="LlmRequest.Outcome"/>.</summary>
public static class RequestOutcome
{
    public const string Complete = "complete";
    public const string Refusal = "refusal";
    public const string Filtered = "filtered";
    public const string Truncated = "truncated";
    public const string StreamError = "stream_error";
    public const string UpstreamError = "upstream_error";
    public const string UpstreamUnreachable = "upstream_unreachable";
    public const string ClientAborted = "client_aborted";

    public static IReadOnlyList<string> All { get; } =
        [Complete, Refusal, Filtered, Truncated, StreamError, UpstreamError, UpstreamUnreachable, ClientAborted];

    public static bool IsOk(string outcome) => outcome is Complete or Refusal;
}
