using LlmIntercept.Plugins.Hosting;
using Spectre.Console;

namespace LlmIntercept.Cli.Export;

/// <summary>
/// What the user sees: a progress bar on a terminal, then a summary with one item a line (rows read, written,
/// and skipped by reason), which is all that is printed when the output is redirected.
/// </summary>
internal static class ExportConsole
{
    public static bool IsInteractive =>
        !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    public static async Task<ExportSummary> WithProgressAsync(
        long expectedRows,
        Func<IProgress<long>, Task<ExportSummary>> export)
    {
        ExportSummary? summary = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                new RemainingTimeColumn(),
                new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("Exporting", maxValue: Math.Max(expectedRows, 1));
                summary = await export(new RowProgress(rows => task.Value = Math.Max(task.Value, rows)));
                task.Value = task.MaxValue;
            });
        return summary!;
    }

    /// <summary>The quality report, one item a line (<c>name: value</c>), so scripts can read it with grep.</summary>
    public static void WriteSummary(TextWriter output, ExportSummary summary, string format, IReadOnlyList<string> paths)
    {
        output.WriteLine($"format: {format}");
        foreach (var path in paths)
        {
            output.WriteLine($"file: {path}");
        }

        output.WriteLine($"rows read: {summary.RowsRead}");
        output.WriteLine($"rows written: {summary.RowsWritten}");
        if (summary.TrainRows is { } train)
        {
            output.WriteLine($"rows train: {train}");
            output.WriteLine($"rows validation: {summary.ValidationRows}");
        }

        output.WriteLine($"rows skipped: {summary.Skipped.Values.Sum()}");
        foreach (var (reason, count) in Sorted(summary.Skipped))
        {
            output.WriteLine($"skipped {reason}: {count}");
        }

        output.WriteLine($"duplicates removed: {summary.DuplicatesRemoved}");
        output.WriteLine($"redactions: {summary.Redactions.Values.Sum()}");
        foreach (var (kind, count) in Sorted(summary.Redactions))
        {
            output.WriteLine($"redacted {kind}: {count}");
        }

        var lengths = summary.TokenLengths;
        output.WriteLine(FormattableString.Invariant(
            $"tokens (estimated): min {lengths.Min}, mean {lengths.Mean:0.#}, max {lengths.Max}"));
        foreach (var bucket in lengths.Buckets.Where(b => b.Count > 0))
        {
            output.WriteLine($"tokens {(bucket.UpperTokens is { } upper ? "<= " + upper : "more")}: {bucket.Count}");
        }

        foreach (var (model, count) in Sorted(summary.RowsPerModel))
        {
            output.WriteLine($"model {model}: {count}");
        }

        foreach (var (tag, count) in Sorted(summary.RowsPerTag))
        {
            output.WriteLine($"tag {tag}: {count}");
        }
    }

    private static IEnumerable<KeyValuePair<string, long>> Sorted(IReadOnlyDictionary<string, long> counts) =>
        counts.OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal);

    // Progress<T> would post reports to the thread pool out of order; the bar only ever moves forward anyway.
    private sealed class RowProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
