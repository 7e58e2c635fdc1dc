using System.Globalization;
using LlmIntercept.Cli.Commands;
using LlmIntercept.Plugins.Hosting;
using LlmIntercept.Store;
using LlmIntercept.Store.Curation;
using LlmIntercept.Store.Queries;

namespace LlmIntercept.Cli.Export;

/// <summary>What <c>export</c> was asked to do, checked before anything is opened; each mistake names its flag.</summary>
internal sealed record ExportArguments(
    string Format,
    string OutputPath,
    DatabaseUrl Database,
    string? PluginsDir,
    RequestFilter Filter,
    bool IncludeSystemPrompts,
    IReadOnlyDictionary<string, string> Options)
{
    public CurationOptions Curation { get; init; } = new();

    /// <summary>With a validation ratio: write two files (<c>name.train.ext</c>, <c>name.validation.ext</c>).</summary>
    public bool SplitFiles { get; init; }

    /// <summary>Adds the review filters; each tag is normalised as the proxy stores it.</summary>
    public ExportArguments WithReview(string[] tags, bool starred)
    {
        var normalized = new List<string>();
        foreach (var tag in tags)
        {
            normalized.Add(TagNames.Normalize(tag) ?? throw new CliUsageException(
                $"--tag: '{tag}' is not a tag (1 to {TagNames.MaxLength} characters, no commas)"));
        }

        return this with
        {
            Filter = Filter with { Tags = normalized.Count == 0 ? null : normalized, Starred = starred ? true : null },
        };
    }

    /// <summary>The file to write, or the train and validation files when the split goes to two files.</summary>
    public static IReadOnlyList<string> OutputPaths(ExportArguments arguments, string extension)
    {
        if (!arguments.SplitFiles)
        {
            return [arguments.OutputPath];
        }

        var path = arguments.OutputPath;
        var stem = path.EndsWith(extension, StringComparison.OrdinalIgnoreCase) ? path[..^extension.Length] : path;
        var suffix = path.EndsWith(extension, StringComparison.OrdinalIgnoreCase) ? extension : "";
        return [$"{stem}.{TrainingSplits.Train}{suffix}", $"{stem}.{TrainingSplits.Validation}{suffix}"];
    }

    private static readonly string[] DateFormats =
        ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ssK",
            "yyyy-MM-ddTHH:mm:ss.FFFFFFFK"];

    public static ExportArguments Parse(
        string format,
        string output,
        string databaseUrl,
        string? pluginsDir,
        string? from,
        string? to,
        string[] models,
        string? search,
        bool noSystemPrompt,
        string[] options)
    {
        if (string.IsNullOrWhiteSpace(format))
        {
            throw new CliUsageException("--format must name an export format (for example jsonl.zst or parquet)");
        }

        if (string.IsNullOrWhiteSpace(output))
        {
            throw new CliUsageException("--out must name the file to write (for example train.jsonl.zst)");
        }

        if (Directory.Exists(output) || output.EndsWith(Path.DirectorySeparatorChar))
        {
            throw new CliUsageException($"--out: '{output}' is a folder; name the file to write in it");
        }

        var filter = new RequestFilter
        {
            From = ParseDate("--from", from),
            To = ParseDate("--to", to),
            Models = models.Length == 0 ? null : models,
            Search = string.IsNullOrWhiteSpace(search) ? null : search,
        };
        if (filter.From >= filter.To)
        {
            throw new CliUsageException($"--from ({from}) must be before --to ({to})");
        }

        return new ExportArguments(
            format.Trim(),
            Path.GetFullPath(output),
            CommonOptions.ParseDatabaseUrl(databaseUrl),
            pluginsDir,
            filter,
            !noSystemPrompt,
            ParseOptions(options));
    }

    /// <summary>Dates are UTC unless they carry an offset; a bare date means its midnight.</summary>
    private static DateTime? ParseDate(string flag, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        const DateTimeStyles styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        if (DateTime.TryParseExact(value.Trim(), DateFormats, CultureInfo.InvariantCulture, styles, out var date))
        {
            return DateTime.SpecifyKind(date, DateTimeKind.Utc);
        }

        throw new CliUsageException($"{flag}: '{value}' is not a date; use 2024-05-31 or 2024-05-31T13:45:00Z");
    }

    private static Dictionary<string, string> ParseOptions(string[] options)
    {
        var parsed = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var option in options)
        {
            var equals = option.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliUsageException($"--option: '{option}' is not key=value");
            }

            parsed[option[..equals].Trim()] = option[(equals + 1)..].Trim();
        }

        return parsed;
    }
}
