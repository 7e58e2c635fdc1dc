using System.Text.Json;
using System.Text.Json.Nodes;
using LlmIntercept.Plugins.Hosting.Export;

namespace LlmIntercept.Plugins.Hosting.Curation;

/// <summary>A training row after curation, and the split it belongs to.</summary>
internal readonly record struct CuratedRow(TrainingExample Example, bool IsValidation, int Tokens);

/// <summary>
/// Applies <see cref="CurationOptions"/> to one mapped row at a time, in this order: (1) estimate the length and
/// drop rows outside the bounds; (2) drop duplicate conversations, then duplicate prompts; (3) redact; (4) build
/// the flavour's record; (5) choose the split. The only state kept between rows is the sets of 16-byte hashes
/// for de-duplication and the report's counters.
/// </summary>
internal sealed class CurationPipeline(CurationOptions options, bool splitColumn)
{
    private readonly HashSet<UInt128> conversations = [];
    private readonly HashSet<UInt128> prompts = [];

    // Plain exports need neither a node tree of the messages nor a hash of them: the mapper estimated the length.
    private readonly bool needsMessages =
        options.Redact || options.Flavour != TrainingFlavour.None || options.DeduplicatePrompts;

    private static readonly IReadOnlyDictionary<string, long> Empty = new Dictionary<string, long>();

    private readonly bool needsHash = options.Deduplicate || options.ValidationRatio is not null;

    public RedactionCounts Redactions { get; } = new();

    public bool TryCurate(TrainingExample example, out CuratedRow row, out string reason) =>
        TryCurate(example, estimatedTokens: null, out row, out reason);

    /// <summary>Curates one row; <paramref name="estimatedTokens"/>, when given, is its <see cref="TokenEstimate"/>.</summary>
    public bool TryCurate(TrainingExample example, int? estimatedTokens, out CuratedRow row, out string reason)
    {
        row = default;
        var messages = needsMessages || estimatedTokens is null
            ? (JsonArray)JsonNode.Parse(example.MessagesJson)!
            : null;

        // (1)
        var tokens = estimatedTokens ?? TokenEstimate.Of(messages!);
        reason = tokens < options.MinTokens ? SkipReasons.TooShort : tokens > options.MaxTokens ? SkipReasons.TooLong : "";
        if (reason.Length > 0)
        {
            return false;
        }

        // (2)
        var hash = needsHash ? ConversationHash.Of(example.MessagesJson) : default;
        if (options.Deduplicate && !conversations.Add(hash))
        {
            reason = SkipReasons.Duplicate;
            return false;
        }

        if (options.DeduplicatePrompts && !prompts.Add(PromptHash(messages!)))
        {
            reason = SkipReasons.DuplicatePrompt;
            return false;
        }

        // (3)
        var rowRedactions = options.Redact ? new RedactionCounts() : null;
        if (rowRedactions is not null)
        {
            MessageRedaction.Apply(messages!, rowRedactions);
        }

        // (4)
        var tools = options.Flavour == TrainingFlavour.None ? null : ParseTools(example.ToolsJson);
        var record = options.Flavour == TrainingFlavour.None
            ? null
            : TrainingFlavourWriter.Write(options.Flavour, messages!, tools);
        if (options.Flavour != TrainingFlavour.None && record is null)
        {
            reason = SkipReasons.UnfitForFlavour;
            return false;
        }

        // (5)
        var isValidation = options.ValidationRatio is { } ratio && ConversationHash.IsValidation(hash, ratio);
        foreach (var (kind, count) in rowRedactions?.ByKind ?? Empty)
        {
            for (var i = 0; i < count; i++)
            {
                Redactions.Add(kind);
            }
        }

        row = new CuratedRow(Rebuild(example, messages, record, isValidation), isValidation, tokens);
        return true;
    }

    private TrainingExample Rebuild(TrainingExample example, JsonArray? messages, JsonObject? record, bool isValidation)
    {
        var split = options.ValidationRatio is not null && splitColumn
            ? (isValidation ? TrainingSplits.Validation : TrainingSplits.Train)
            : null;
        if (!options.Redact && record is null && split is null)
        {
            return example;
        }

        var rebuilt = example with { RecordJson = record?.ToJsonString(CompactJson.Options), Split = split };
        return options.Redact
            ? rebuilt with
            {
                MessagesJson = messages!.ToJsonString(CompactJson.Options),
                ToolCallsJson = messages[^1] is JsonObject last
                    ? AssistantTurn.ToolCalls(last)?.ToJsonString(CompactJson.Options)
                    : example.ToolCallsJson,
            }
            : rebuilt;
    }

    private static UInt128 PromptHash(JsonArray messages)
    {
        var prompt = new JsonArray(messages.Take(messages.Count - 1).Select(m => m?.DeepClone()).ToArray());
        return ConversationHash.Of(prompt.ToJsonString(CompactJson.Options));
    }

    private static JsonArray? ParseTools(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json) as JsonArray;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
