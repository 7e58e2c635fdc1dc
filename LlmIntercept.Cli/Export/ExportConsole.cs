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

    public static void WriteSummary(TextWriter output, ExportSummary summary, string format, string path)
    {
        output.WriteLine($"format: {format}");
        output.WriteLine($"file: {path}");
        output.WriteLine($"rows read: {summary.RowsRead}");
        output.WriteLine($"rows written: {summary.RowsWritten}");
        output.WriteLine($"rows skipped: {summary.Skipped.Values.Sum()}");
        foreach (var (reason, count) in summary.Skipped.OrderByDescending(s => s.Value).ThenBy(s => s.Key))
        {
            output.WriteLine($"skipped {reason}: {count}");
        }
    }

    // Progress<T> would post reports to the thread pool out of order; the bar only ever moves forward anyway.
    private sealed class RowProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
