using LlmIntercept.Store.Queries;

namespace LlmIntercept.Plugins.Hosting;

/// <summary>Selects exportable conversations from the store and streams them through an exporter plugin.</summary>
public interface IDatasetExportService
{
    /// <summary>How many requests the filter selects that could become training rows (successful ones).</summary>
    Task<long> CountAsync(ExportRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Streams the selected rows, oldest first (by id), through the exporter named by
    /// <see cref="ExportRequest.Format"/> into <paramref name="output"/>, which stays open.
    /// </summary>
    /// <exception cref="UnknownExportFormatException">No loaded exporter has that format.</exception>
    Task<ExportSummary> ExportAsync(
        ExportRequest request,
        Stream output,
        IProgress<long>? progress,
        CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="ExportAsync"/>, but writes the train split to <paramref name="train"/> and the validation
    /// split to <paramref name="validation"/>; <see cref="CurationOptions.ValidationRatio"/> must be set. Rows are
    /// read once; both files are written at the same time.
    /// </summary>
    Task<ExportSummary> ExportSplitAsync(
        ExportRequest request,
        Stream train,
        Stream validation,
        IProgress<long>? progress,
        CancellationToken cancellationToken);

    /// <summary>
    /// Runs the export without writing a file and returns its report: the same rows are read, skipped and
    /// counted as a real export with these options would.
    /// </summary>
    Task<ExportSummary> PreviewAsync(ExportRequest request, CancellationToken cancellationToken);
}

/// <summary>What to export and how.</summary>
/// <param name="Format">The exporter's format name (for example <c>jsonl.zst</c>), compared without regard to case.</param>
/// <param name="Filter">Narrows the stored requests; only complete, not excluded ones are ever exported.</param>
/// <param name="IncludeSystemPrompts">When false, system and developer messages are left out of every row.</param>
public sealed record ExportRequest(string Format, RequestFilter Filter, bool IncludeSystemPrompts = true)
{
    /// <summary>Exporter-specific <c>key=value</c> settings, passed through as <c>ExportContext.Options</c>.</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>De-duplication, split, redaction, flavour and length bounds; none by default.</summary>
    public CurationOptions Curation { get; init; } = new();
}

/// <summary>
/// The quality report of an export: rows read from the store, rows written, rows skipped by reason, and what
/// curation did to the rows written.
/// </summary>
/// <param name="RowsRead">Rows read from the store that match the filter (every outcome, excluded ones too).</param>
/// <param name="RowsWritten">Rows the exporter wrote (both files together for a split into files).</param>
/// <param name="Skipped">Rows left out, by reason (see <c>SkipReasons</c>): never written, counted here instead.</param>
public sealed record ExportSummary(long RowsRead, long RowsWritten, IReadOnlyDictionary<string, long> Skipped)
{
    private static readonly IReadOnlyDictionary<string, long> None = new Dictionary<string, long>();

    /// <summary>Rows left out as duplicate conversations or duplicate prompts.</summary>
    public long DuplicatesRemoved =>
        Skipped.GetValueOrDefault(Export.SkipReasons.Duplicate) + Skipped.GetValueOrDefault(Export.SkipReasons.DuplicatePrompt);

    /// <summary>Items replaced by redaction, by kind (see <see cref="PiiKinds"/>); empty when nothing was redacted.</summary>
    public IReadOnlyDictionary<string, long> Redactions { get; init; } = None;

    /// <summary>The estimated token lengths of the rows written.</summary>
    public TokenLengths TokenLengths { get; init; } = TokenLengths.Empty;

    /// <summary>Rows written per model (<c>(none)</c> for rows without one).</summary>
    public IReadOnlyDictionary<string, long> RowsPerModel { get; init; } = None;

    /// <summary>Rows written per tag; a row with several tags counts for each.</summary>
    public IReadOnlyDictionary<string, long> RowsPerTag { get; init; } = None;

    /// <summary>Rows written to the train split; null when the export had no split.</summary>
    public long? TrainRows { get; init; }

    /// <summary>Rows written to the validation split; null when the export had no split.</summary>
    public long? ValidationRows { get; init; }
}

/// <summary>The distribution of estimated token lengths (see the README for the estimate).</summary>
/// <param name="Count">Rows measured.</param>
/// <param name="Min">Shortest row; 0 when there were none.</param>
/// <param name="Max">Longest row; 0 when there were none.</param>
/// <param name="Mean">Average length; 0 when there were none.</param>
/// <param name="Buckets">Rows per length bucket, in order of their upper bound; the last has no bound.</param>
public sealed record TokenLengths(long Count, int Min, int Max, double Mean, IReadOnlyList<TokenBucket> Buckets)
{
    public static TokenLengths Empty { get; } = new(0, 0, 0, 0, []);
}

/// <summary>One bucket of <see cref="TokenLengths"/>: rows of at most <paramref name="UpperTokens"/> estimated tokens.</summary>
public sealed record TokenBucket(int? UpperTokens, long Count);
