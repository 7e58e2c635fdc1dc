using LlmIntercept.Plugins.Hosting;

namespace LlmIntercept.Dashboard.Export;

/// <summary>The curation options as the API receives them (GraphQL <c>ExportOptionsInput</c> and the export body).</summary>
internal sealed class ExportOptionsInput
{
    public bool Dedup { get; set; }

    public bool DedupPrompts { get; set; }

    public double? ValidationRatio { get; set; }

    public bool Redact { get; set; }

    public string? Flavour { get; set; }

    public int? MinTokens { get; set; }

    public int? MaxTokens { get; set; }

    /// <summary>The export's curation options, or an error message naming the offending field.</summary>
    public static bool TryConvert(ExportOptionsInput? input, out CurationOptions options, out string error)
    {
        options = new CurationOptions();
        error = "";
        if (input is null)
        {
            return true;
        }

        var flavour = TrainingFlavour.None;
        if (!string.IsNullOrWhiteSpace(input.Flavour) && !TrainingFlavours.ByName.TryGetValue(input.Flavour.Trim(), out flavour))
        {
            error = $"options.flavour must be one of {string.Join(", ", TrainingFlavours.ByName.Keys)}, not \"{input.Flavour}\".";
            return false;
        }

        options = new CurationOptions
        {
            Deduplicate = input.Dedup,
            DeduplicatePrompts = input.DedupPrompts,
            ValidationRatio = input.ValidationRatio,
            Redact = input.Redact,
            Flavour = flavour,
            MinTokens = input.MinTokens,
            MaxTokens = input.MaxTokens,
        };
        if (options.Validate() is [var first, ..])
        {
            error = "options." + first + ".";
            return false;
        }

        return true;
    }
}
