using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using LlmIntercept.Plugins.Hosting.Curation;
using LlmIntercept.Store;
using LlmIntercept.Store.Queries;
using LlmIntercept.Store.Rollup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LlmIntercept.Plugins.Hosting.Export;

/// <summary>
/// Streams the requests that match a filter from the store through curation into an exporter plugin, oldest
/// first (by id, so a dataset exported twice from the same store lists rows in the same order; newest first when
/// prompts are de-duplicated, so the latest reply is the one kept). Rows are read one at a time without tracking;
/// memory does not grow with the store beyond the de-duplication hashes (16 bytes per distinct conversation).
/// </summary>
internal sealed class DatasetExportService(
    IDbContextFactory<InterceptDbContext> contexts,
    IPluginCatalog catalog,
    ILogger<DatasetExportService> logger) : IDatasetExportService
{
    // Rows buffered per file when one export writes two: enough to keep both writers busy, small in memory.
    private const int SplitBuffer = 256;

    // Rows a stage may run ahead of the next, in batches. Two batches keep both sides busy; eight raised the Parquet
    // export's peak RSS by 25-85 MB on the 1M-row store (server GC keeps more garbage).
    private const int ReadAheadBatch = 256;
    private const int ReadAheadBatches = 2;

    public async Task<long> CountAsync(ExportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var filter = request.Filter;
        if (filter.Excluded == true || filter.Outcomes is { Count: > 0 } outcomes && !outcomes.Contains(RequestOutcome.Complete))
        {
            return 0;
        }

        // Only complete, included rows are exported: the same filter narrowed to them, which the roll-ups can count.
        var exportable = filter with { Outcomes = [RequestOutcome.Complete], Excluded = false };
        return db.CanUseRollup(exportable)
            ? await db.CountWithRollupAsync(exportable, cancellationToken)
            : await db.Filter(exportable).LongCountAsync(cancellationToken);
    }

    public Task<ExportSummary> ExportAsync(
        ExportRequest request,
        Stream output,
        IProgress<long>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        return RunAsync(request, output, validation: null, progress, cancellationToken);
    }

    public Task<ExportSummary> ExportSplitAsync(
        ExportRequest request,
        Stream train,
        Stream validation,
        IProgress<long>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        if (request?.Curation.ValidationRatio is null)
        {
            throw new ArgumentException("A split into two files needs a validation ratio.", nameof(request));
        }

        return RunAsync(request, train, validation, progress, cancellationToken);
    }

    public Task<ExportSummary> PreviewAsync(ExportRequest request, CancellationToken cancellationToken) =>
        RunAsync(request, output: null, validation: null, progress: null, cancellationToken);

    private async Task<ExportSummary> RunAsync(
        ExportRequest request,
        Stream? output,
        Stream? validation,
        IProgress<long>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var curation = request.Curation;
        if (curation.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException(string.Join("; ", errors));
        }

        var exporter = output is null
            ? null
            : catalog.FindExporter(request.Format)
                ?? throw new UnknownExportFormatException(request.Format, catalog.Exporters.Select(e => e.Format));
        long? expected = progress is null ? null : await CountAsync(request, cancellationToken);
        var context = new ExportContext(progress, expected)
        {
            Options = request.Options,
            IncludesSplit = curation.ValidationRatio is not null && validation is null,
            IncludesRecord = curation.Flavour != TrainingFlavour.None,
        };
        var tally = new ExportTally();
        var quality = new QualityTally();
        var pipeline = new CurationPipeline(curation, splitColumn: validation is null);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = Rows(db, request.Filter, newestFirst: curation.DeduplicatePrompts, cancellationToken);
        // Three stages, each a few batches ahead of the next: reading, mapping and curation, the exporter. Reading
        // and mapping cost about the same, and as one stage they were the slowest; split, two cores stay busy.
        var read = ReadAhead.RunAsync(rows, ReadAheadBatch, ReadAheadBatches, cancellationToken);
        var curated = Curate(read, request.IncludeSystemPrompts, pipeline, tally, quality, cancellationToken);
        var written = (exporter, validation) switch
        {
            (null, _) => await CountAllAsync(curated, cancellationToken),
            (_, null) => await exporter.ExportAsync(
                Examples(ReadAhead.RunAsync(curated, ReadAheadBatch, ReadAheadBatches, cancellationToken), cancellationToken),
                output!,
                context,
                cancellationToken),
            _ => await ExportToTwoAsync(exporter, curated, output!, validation, context, cancellationToken),
        };

        var summary = new ExportSummary(tally.Read, written, tally.Skipped)
        {
            Redactions = pipeline.Redactions.ByKind,
            TokenLengths = quality.Lengths(),
            RowsPerModel = quality.Models,
            RowsPerTag = quality.Tags,
            TrainRows = curation.ValidationRatio is null ? null : quality.TrainRows,
            ValidationRows = curation.ValidationRatio is null ? null : quality.ValidationRows,
        };
        Log.Exported(logger, exporter?.Format ?? "(preview)", summary.RowsRead, summary.RowsWritten, summary.Skipped.Values.Sum());
        return summary;
    }

    /// <summary>The rows to export; on SQLite read without EF Core's materialisation (see <see cref="ExportRowReader"/>).</summary>
    internal static IAsyncEnumerable<ExportRow> Rows(
        InterceptDbContext db,
        RequestFilter filter,
        bool newestFirst,
        CancellationToken cancellationToken)
    {
        var query = Query(db, filter, newestFirst);
        return db.Database.IsSqlite() ? ExportRowReader.ReadAsync(db, query, cancellationToken) : query.AsAsyncEnumerable();
    }

    internal static IQueryable<ExportRow> Query(InterceptDbContext db, RequestFilter filter, bool newestFirst)
    {
        var query = db.Filter(filter).AsNoTracking();
        var ordered = newestFirst ? query.OrderByDescending(r => r.Id) : query.OrderBy(r => r.Id);
        return ordered.Select(r => new ExportRow(
            r.Id, r.Timestamp, r.Model, r.ResponseModel, StoredText.From(r.Messages), StoredText.From(r.Tools), r.FinishReason,
            r.ToolArgumentsValid, r.Reasoning, r.Tags, r.Outcome, r.Excluded));
    }

    private static async IAsyncEnumerable<CuratedRow> Curate(
        IAsyncEnumerable<ExportRow> rows,
        bool includeSystemPrompts,
        CurationPipeline pipeline,
        ExportTally tally,
        QualityTally quality,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var mapper = new DocumentRowMapper();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            tally.CountRead();
            if (TryCurateRow(mapper, row, includeSystemPrompts, pipeline, out var curated, out var reason))
            {
                quality.Count(curated);
                yield return curated;
            }
            else
            {
                tally.CountSkipped(reason);
            }
        }
    }

    /// <summary>
    /// One row through the checks, the mapper and curation. JSON the reference rules cannot read (a property name
    /// repeated in one object, met where the rules look inside it) skips the row, counted under its reason, rather
    /// than ending the export.
    /// </summary>
    private static bool TryCurateRow(
        DocumentRowMapper mapper,
        ExportRow row,
        bool includeSystemPrompts,
        CurationPipeline pipeline,
        out CuratedRow curated,
        out string reason)
    {
        curated = default;
        reason = row.TimestampUnreadable ? SkipReasons.UnreadableTimestamp
            : row.Excluded ? SkipReasons.Excluded
            : row.Outcome == RequestOutcome.Refusal ? SkipReasons.Refusal
            : row.Outcome != RequestOutcome.Complete ? SkipReasons.NotComplete
            : "";
        if (reason.Length > 0)
        {
            return false;
        }

        try
        {
            return TrainingExampleMapper.TryMap(mapper, row, includeSystemPrompts, out var example, out var tokens, out reason)
                && pipeline.TryCurate(example!, tokens, out curated, out reason);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or JsonException)
        {
            reason = SkipReasons.MalformedMessages;
            return false;
        }
    }

    private static async IAsyncEnumerable<TrainingExample> Examples(
        IAsyncEnumerable<CuratedRow> rows,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            yield return row.Example;
        }
    }

    private static async Task<long> CountAllAsync(IAsyncEnumerable<CuratedRow> rows, CancellationToken cancellationToken)
    {
        long count = 0;
        await foreach (var _ in rows.WithCancellation(cancellationToken))
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// One reader, two writers: rows go through a small bounded channel per file, and both exporters run at once.
    /// A failing writer cancels the other and the reader, so neither waits on a channel nobody drains.
    /// </summary>
    private static async Task<long> ExportToTwoAsync(
        IDatasetExporter exporter,
        IAsyncEnumerable<CuratedRow> rows,
        Stream train,
        Stream validation,
        ExportContext context,
        CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var progress = new SummedProgress(context.Progress);
        var channelOptions = new BoundedChannelOptions(SplitBuffer) { SingleReader = true, SingleWriter = true };
        var trainRows = Channel.CreateBounded<TrainingExample>(channelOptions);
        var validationRows = Channel.CreateBounded<TrainingExample>(channelOptions);
        var trainTask = WriteAsync(trainRows.Reader, train, context with { Progress = progress.First });
        var validationTask = WriteAsync(validationRows.Reader, validation, context with { Progress = progress.Second });

        try
        {
            await foreach (var row in rows.WithCancellation(linked.Token))
            {
                await (row.IsValidation ? validationRows : trainRows).Writer.WriteAsync(row.Example, linked.Token);
            }

            trainRows.Writer.Complete();
            validationRows.Writer.Complete();
        }
        catch (Exception exception)
        {
            trainRows.Writer.TryComplete(exception);
            validationRows.Writer.TryComplete(exception);
            await linked.CancelAsync();
            await Task.WhenAll(trainTask, validationTask).ContinueWith(static _ => { }, TaskScheduler.Default);
            throw;
        }

        var counts = await Task.WhenAll(trainTask, validationTask);
        return counts[0] + counts[1];

        async Task<long> WriteAsync(ChannelReader<TrainingExample> reader, Stream output, ExportContext fileContext)
        {
            try
            {
                return await exporter.ExportAsync(reader.ReadAllAsync(linked.Token), output, fileContext, linked.Token);
            }
            catch
            {
                await linked.CancelAsync();
                throw;
            }
        }
    }

    /// <summary>Progress of two files reported as one running total.</summary>
    private sealed class SummedProgress(IProgress<long>? total)
    {
        private readonly IProgress<long>? total = total;
        private long first;
        private long second;

        public IProgress<long>? First => total is null ? null : new Part(this, isFirst: true);

        public IProgress<long>? Second => total is null ? null : new Part(this, isFirst: false);

        private sealed class Part(SummedProgress owner, bool isFirst) : IProgress<long>
        {
            public void Report(long value)
            {
                if (isFirst)
                {
                    Interlocked.Exchange(ref owner.first, value);
                }
                else
                {
                    Interlocked.Exchange(ref owner.second, value);
                }

                owner.total?.Report(Interlocked.Read(ref owner.first) + Interlocked.Read(ref owner.second));
            }
        }
    }
}
