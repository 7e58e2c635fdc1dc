using LlmIntercept.Store;

namespace LlmIntercept.Plugins.Hosting.Export;

/// <summary>
/// The columns of <c>llm_requests</c> a training row is made from; the raw request and response bodies, which
/// can be large, are never read. The JSON columns stay UTF-8 as stored.
/// </summary>
internal sealed record ExportRow(
    long Id,
    DateTime Timestamp,
    string? Model,
    string? ResponseModel,
    StoredText? Messages,
    StoredText? Tools,
    string? FinishReason,
    bool ToolArgumentsValid,
    string? Reasoning,
    string Tags,
    string Outcome = RequestOutcome.Complete,
    bool Excluded = false,
    bool TimestampUnreadable = false);
