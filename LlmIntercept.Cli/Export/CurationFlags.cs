using System.CommandLine;
using LlmIntercept.Cli.Commands;
using LlmIntercept.Plugins.Hosting;

namespace LlmIntercept.Cli.Export;

/// <summary>The export flags that curate the dataset; each mistake is reported with its flag.</summary>
internal sealed class CurationFlags
{
    private readonly Option<bool> dedup = new("--dedup") { Description = "Leave out repeated conversations (same messages and reply)" };

    private readonly Option<bool> dedupPrompts = new("--dedup-prompts")
    {
        Description = "Keep one row per prompt, with its latest reply (rows are then written newest first)",
    };

    private readonly Option<double?> validationRatio = new("--validation-ratio")
    {
        Description = "Share of conversations for validation, chosen by a hash of each conversation (e.g. 0.1)",
    };

    private readonly Option<string> split = new("--split")
    {
        Description = "With --validation-ratio: 'files' (NAME.train.EXT and NAME.validation.EXT) or 'column' (a split field)",
        DefaultValueFactory = _ => "files",
    };

    private readonly Option<bool> redact = new("--redact")
    {
        Description = "Replace emails, phone numbers, card numbers, IBANs, API keys and IP addresses with <TYPE> placeholders",
    };

    private readonly Option<string> flavour = new("--flavour")
    {
        Description = "Row layout: none (default), openai (chat fine-tuning), trl (Hugging Face messages), sharegpt (LLaMA-Factory)",
        DefaultValueFactory = _ => "none",
    };

    private readonly Option<int?> minTokens = new("--min-tokens") { Description = "Leave out conversations shorter than this (estimated tokens)" };

    private readonly Option<int?> maxTokens = new("--max-tokens") { Description = "Leave out conversations longer than this (estimated tokens)" };

    public void AddTo(Command command)
    {
        command.Options.Add(dedup);
        command.Options.Add(dedupPrompts);
        command.Options.Add(validationRatio);
        command.Options.Add(split);
        command.Options.Add(redact);
        command.Options.Add(flavour);
        command.Options.Add(minTokens);
        command.Options.Add(maxTokens);
    }

    public CurationOptions Read(ParseResult parseResult)
    {
        var name = parseResult.GetValue(flavour)!;
        if (!TrainingFlavours.ByName.TryGetValue(name.Trim(), out var chosen))
        {
            throw new CliUsageException($"--flavour: '{name}' is not one of {string.Join(", ", TrainingFlavours.ByName.Keys)}");
        }

        var options = new CurationOptions
        {
            Deduplicate = parseResult.GetValue(dedup),
            DeduplicatePrompts = parseResult.GetValue(dedupPrompts),
            ValidationRatio = parseResult.GetValue(validationRatio),
            Redact = parseResult.GetValue(redact),
            Flavour = chosen,
            MinTokens = parseResult.GetValue(minTokens),
            MaxTokens = parseResult.GetValue(maxTokens),
        };
        if (options.Validate() is [var first, ..])
        {
            throw new CliUsageException(ToFlag(first));
        }

        return options;
    }

    public bool SplitIntoFiles(ParseResult parseResult)
    {
        var mode = parseResult.GetValue(split)!.Trim().ToLowerInvariant();
        if (mode is not ("files" or "column"))
        {
            throw new CliUsageException($"--split: '{mode}' is not 'files' or 'column'");
        }

        return mode == "files" && parseResult.GetValue(validationRatio) is not null;
    }

    // The options' messages name them in camelCase (validationRatio); the command line spells them as flags.
    private static string ToFlag(string message) => message
        .Replace("validationRatio", "--validation-ratio", StringComparison.Ordinal)
        .Replace("minTokens", "--min-tokens", StringComparison.Ordinal)
        .Replace("maxTokens", "--max-tokens", StringComparison.Ordinal);
}
