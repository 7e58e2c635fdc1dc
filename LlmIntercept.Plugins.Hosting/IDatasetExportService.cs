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
}

/// <summary>What an export did: rows read from the store, rows written, and rows skipped by reason.</summary>
/// <param name="RowsRead">Candidate rows read from the store (complete, not excluded, matching the filter).</param>
/// <param name="RowsWritten">Rows the exporter wrote.</param>
/// <param name="Skipped">Rows left out, by reason (see <c>SkipReasons</c>): never written, counted here instead.</param>
public sealed record ExportSummary(long RowsRead, long RowsWritten, IReadOnlyDictionary<string, long> Skipped);
