namespace LlmIntercept.Plugins;

/// <summary>
/// One training example: a captured request's conversation with the assistant's reply appended, in the
/// OpenAI chat fine-tuning layout. JSON values are given as compact JSON text (no line breaks) so exporters can
/// copy them into their output without re-serialising, each both as a string and as UTF-8 bytes: an exporter that
/// writes bytes should read the <c>Utf8</c> form, which the store hands over without a conversion.
/// </summary>
public sealed record TrainingExample
{
    private JsonText? messages;
    private JsonText? tools;
    private JsonText? toolCalls;

    /// <summary>The captured request's id in the store.</summary>
    public required long Id { get; init; }

    /// <summary>When the request was received (UTC).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The model named in the request, or the upstream's answer when the request named none.</summary>
    public string? Model { get; init; }

    /// <summary>
    /// A JSON array: the request's messages as sent (system prompts removed when the user asked) followed by
    /// the assistant message. Tool-call arguments are JSON strings; reasoning, when present, is in
    /// <c>reasoning_content</c>, never merged into <c>content</c>. Setting it or <see cref="MessagesJsonUtf8"/>
    /// sets both.
    /// </summary>
    public string MessagesJson
    {
        get => Messages.Text;
        init => messages = JsonText.FromText(value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary><see cref="MessagesJson"/> as UTF-8: valid, compact JSON an exporter may copy without checking.</summary>
    public ReadOnlyMemory<byte> MessagesJsonUtf8
    {
        get => Messages.Utf8;
        init => messages = JsonText.FromUtf8(value);
    }

    /// <summary>The request's <c>tools</c> array as JSON, or null when it had none.</summary>
    public string? ToolsJson
    {
        get => tools?.Text;
        init => tools = JsonText.FromText(value);
    }

    /// <summary>
    /// <see cref="ToolsJson"/> as UTF-8, or null when the request had no tools (set empty, it means none).
    /// </summary>
    public ReadOnlyMemory<byte>? ToolsJsonUtf8
    {
        get => tools?.Utf8;
        init => tools = JsonText.FromUtf8(value);
    }

    /// <summary>The assistant reply's <c>tool_calls</c> array as JSON, or null when it made none.</summary>
    public string? ToolCallsJson
    {
        get => toolCalls?.Text;
        init => toolCalls = JsonText.FromText(value);
    }

    /// <summary>
    /// <see cref="ToolCallsJson"/> as UTF-8, or null when the reply made no tool calls (set empty, it means none).
    /// </summary>
    public ReadOnlyMemory<byte>? ToolCallsJsonUtf8
    {
        get => toolCalls?.Utf8;
        init => toolCalls = JsonText.FromUtf8(value);
    }

    /// <summary>Tags the client attached to the request, possibly empty.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>
    /// <c>train</c> or <c>validation</c> when the export asked for a split written as a column (see
    /// <see cref="ExportContext.IncludesSplit"/>); null otherwise, also when each split goes to its own file.
    /// </summary>
    public string? Split { get; init; }

    /// <summary>
    /// The whole row in the training flavour the user chose (OpenAI fine-tuning, TRL messages or ShareGPT), as
    /// one compact JSON object holding only that format's fields; null when no flavour was chosen (see
    /// <see cref="ExportContext.IncludesRecord"/>). An exporter that writes one JSON object a row writes this
    /// object as it is instead of its own layout, so the file is what the training tool reads.
    /// </summary>
    public string? RecordJson { get; init; }

    private JsonText Messages =>
        messages ?? throw new InvalidOperationException(
            "A training example needs its messages (MessagesJson or MessagesJsonUtf8).");
}
