using LlmIntercept.Store.Queries;

namespace LlmIntercept.Plugins.Hosting;

/// <summary>Selects exportable conversations from the store and streams them through an exporter plugin.</summary>
public interface IDatasetExportService
{
    /// <summary>How many requests the filter selects that could become training rows (successful ones).</summary>
    Task<long> CountAsync(ExportRequest request, CancellationToken cancellationToken);

    Task<ExportSummary> ExportAsync(
        ExportRequest request,
        Stream output,
        IProgress<long>? progress,
        CancellationToken cancellationToken);
}

/// <summary>What to export and how.</summary>
public sealed record ExportRequest(string Format, RequestFilter Filter, bool IncludeSystemPrompts = true);

/// <summary>What an export did: rows read from the store, rows written, and rows skipped by reason.</summary>
public sealed record ExportSummary(long RowsRead, long RowsWritten, IReadOnlyDictionary<string, long> Skipped);
