namespace LlmIntercept.Plugins.Hosting;

/// <summary>
/// How an export turns captured traffic into a training set. Every option is applied to each row as it streams
/// from the store; the defaults reproduce a plain export (no de-duplication, split, redaction or flavour).
/// </summary>
public sealed record CurationOptions
{
    /// <summary>Leave out a conversation whose messages and reply equal an earlier row's. Default false.</summary>
    public bool Deduplicate { get; init; }

    /// <summary>
    /// Keep one row per prompt (the messages before the reply): rows are read newest first and the first one seen
    /// wins, so the latest reply is kept. Default false.
    /// </summary>
    public bool DeduplicatePrompts { get; init; }

    /// <summary>
    /// Share of conversations (0 &lt; ratio &lt; 1) put in the validation split, chosen by a hash of the
    /// conversation so the same conversation always lands in the same split. Null (default): no split.
    /// </summary>
    public double? ValidationRatio { get; init; }

    /// <summary>Replace personal data with typed placeholders such as <c>&lt;EMAIL&gt;</c>. Default false.</summary>
    public bool Redact { get; init; }

    /// <summary>The training-file layout; <see cref="TrainingFlavour.None"/> (default) keeps the exporter's own.</summary>
    public TrainingFlavour Flavour { get; init; }

    /// <summary>Leave out conversations estimated shorter than this many tokens. Null (default): no minimum.</summary>
    public int? MinTokens { get; init; }

    /// <summary>Leave out conversations estimated longer than this many tokens. Null (default): no maximum.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Every problem with the options, each naming its option; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (ValidationRatio is { } ratio && !(ratio > 0 && ratio < 1))
        {
            errors.Add($"validationRatio must be between 0 and 1 (exclusive), not {ratio}");
        }

        if (MinTokens is < 0)
        {
            errors.Add($"minTokens must not be negative, not {MinTokens}");
        }

        if (MaxTokens is < 1)
        {
            errors.Add($"maxTokens must be at least 1, not {MaxTokens}");
        }

        if (MinTokens is { } min && MaxTokens is { } max && min > max)
        {
            errors.Add($"minTokens ({min}) must not exceed maxTokens ({max})");
        }

        return errors;
    }
}

/// <summary>Layouts of a training row.</summary>
public enum TrainingFlavour
{
    /// <summary>The exporter's own layout (OpenAI-style messages plus metadata columns).</summary>
    None,

    /// <summary>OpenAI chat fine-tuning: <c>messages</c>, <c>tools</c>, <c>parallel_tool_calls</c>; arguments as JSON strings.</summary>
    OpenAI,

    /// <summary>Hugging Face / TRL conversational: <c>messages</c> and <c>tools</c>, tool-call arguments as objects.</summary>
    Trl,

    /// <summary>ShareGPT as LLaMA-Factory reads it: <c>conversations</c> of human, gpt, function_call, observation.</summary>
    ShareGpt,
}

/// <summary>The names users type for <see cref="TrainingFlavour"/> values.</summary>
public static class TrainingFlavours
{
    public static IReadOnlyDictionary<string, TrainingFlavour> ByName { get; } =
        new Dictionary<string, TrainingFlavour>(StringComparer.OrdinalIgnoreCase)
        {
            ["none"] = TrainingFlavour.None,
            ["openai"] = TrainingFlavour.OpenAI,
            ["trl"] = TrainingFlavour.Trl,
            ["sharegpt"] = TrainingFlavour.ShareGpt,
        };

    public static string NameOf(TrainingFlavour flavour) => ByName.First(pair => pair.Value == flavour).Key;
}
