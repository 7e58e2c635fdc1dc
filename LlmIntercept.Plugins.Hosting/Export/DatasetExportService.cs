using System.Runtime.CompilerServices;
using LlmIntercept.Store;
using LlmIntercept.Store.Queries;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LlmIntercept.Plugins.Hosting.Export;

/// <summary>
/// Streams complete, not excluded requests that match a filter from the store into an exporter plugin, oldest
/// first (by id, so a dataset exported twice from the same store lists rows in the same order). Rows are read
/// one at a time without tracking; memory does not grow with the store.
/// </summary>
internal sealed class DatasetExportService(
    IDbContextFactory<InterceptDbContext> contexts,
    IPluginCatalog catalog,
    ILogger<DatasetExportService> logger) : IDatasetExportService
{
    public async Task<long> CountAsync(ExportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Candidates(db, request.Filter).LongCountAsync(cancellationToken);
    }

    public async Task<ExportSummary> ExportAsync(
        ExportRequest request,
        Stream output,
        IProgress<long>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);

        var exporter = catalog.FindExporter(request.Format)
            ?? throw new UnknownExportFormatException(request.Format, catalog.Exporters.Select(e => e.Format));
        long? expected = progress is null ? null : await CountAsync(request, cancellationToken);
        var context = new ExportContext(progress, expected) { Options = request.Options };
        var tally = new ExportTally();

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = Candidates(db, request.Filter)
            .OrderBy(r => r.Id)
            .Select(r => new ExportRow(
                r.Id, r.Timestamp, r.Model, r.ResponseModel, r.Messages, r.Tools, r.FinishReason,
                r.ToolArgumentsValid, r.Reasoning, r.Tags))
            .AsAsyncEnumerable();
        var examples = ToExamples(rows, request.IncludeSystemPrompts, tally, cancellationToken);
        var written = await exporter.ExportAsync(examples, output, context, cancellationToken);

        var summary = new ExportSummary(tally.Read, written, tally.Skipped);
        Log.Exported(logger, exporter.Format, summary.RowsRead, summary.RowsWritten, summary.Skipped.Values.Sum());
        return summary;
    }

    private static IQueryable<LlmRequest> Candidates(InterceptDbContext db, RequestFilter filter) =>
        db.Filter(filter)
            .AsNoTracking()
            .Where(r => r.Outcome == RequestOutcome.Complete && !r.Excluded);

    private static async IAsyncEnumerable<TrainingExample> ToExamples(
        IAsyncEnumerable<ExportRow> rows,
        bool includeSystemPrompts,
        ExportTally tally,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            tally.CountRead();
            if (TrainingExampleMapper.TryMap(row, includeSystemPrompts, out var example, out var reason))
            {
                yield return example!;
            }
            else
            {
                tally.CountSkipped(reason);
            }
        }
    }
}
