using System.Diagnostics;
using LlmIntercept.Plugins.Hosting;
using LlmIntercept.Plugins.Tests.Infrastructure;
using LlmIntercept.Store;
using Xunit.Abstractions;

namespace LlmIntercept.Plugins.Tests.Curation;

/// <summary>
/// 100k rows through every curation option at once, into two files. Time and peak memory are printed for
/// whoever benchmarks, not asserted; the counts are.
/// </summary>
public sealed class LargeCuratedExportTests(ITestOutputHelper output)
{
    private const int Rows = 100_000;
    private const int BatchSize = 10_000;

    [Fact]
    public async Task ExportSplit_HundredThousandRowsWithEveryOption_CountsAddUp()
    {
        await using var store = await TestStore.CreateAsync();
        await InsertAsync(store);
        var options = new CurationOptions
        {
            Deduplicate = true,
            Redact = true,
            ValidationRatio = 0.1,
            Flavour = TrainingFlavour.Trl,
            MaxTokens = 40,
        };
        var before = Process.GetCurrentProcess().PeakWorkingSet64;

        var clock = Stopwatch.StartNew();
        var (train, validation, summary) = await StoreExport.ToTwoFilesAsync(store, "jsonl.zst", options);
        clock.Stop();

        // Every 100th row repeats the row before it; every 10th carries an email; every 1000th (one with an email) is
        // too long, and the length check comes before redaction.
        Assert.Equal(Rows, summary.RowsRead);
        Assert.Equal(Rows / 100, summary.Skipped["duplicate"]);
        Assert.Equal(Rows / 1000, summary.Skipped["too_long"]);
        Assert.Equal(Rows - (Rows / 100) - (Rows / 1000), summary.RowsWritten);
        Assert.Equal((Rows / 10) - (Rows / 1000), summary.Redactions[PiiKinds.Email]);
        var trainLines = await ZstdTool.ReadLinesAsync(train);
        var validationLines = await ZstdTool.ReadLinesAsync(validation);
        Assert.Equal(summary.TrainRows, trainLines.Length);
        Assert.Equal(summary.ValidationRows, validationLines.Length);
        Assert.InRange(validationLines.Length, summary.RowsWritten / 20, summary.RowsWritten / 5);
        Assert.DoesNotContain(trainLines.Concat(validationLines), line => line.Contains('@'));

        output.WriteLine(
            $"curated {summary.RowsWritten} of {summary.RowsRead} rows into two files in {clock.Elapsed.TotalSeconds:F1} s; "
            + $"process peak working set {before / 1024 / 1024} MiB before, "
            + $"{Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024} MiB after");
    }

    private static async Task InsertAsync(TestStore store)
    {
        for (var start = 0; start < Rows; start += BatchSize)
        {
            var batch = new List<LlmRequest>(BatchSize);
            for (var i = start; i < start + BatchSize; i++)
            {
                var n = i % 100 == 99 ? i - 1 : i;
                var prompt = n % 10 == 0 ? $"Mail user{n}@example.com about order {n}." : $"Prompt {n}: three bullets.";
                if (i % 1000 == 500)
                {
                    prompt += new string('x', 400);
                }

                batch.Add(Requests.Complete(Requests.Turn(prompt, $"Row {n}"), timestamp: Requests.Start.AddSeconds(i)));
            }

            await store.InsertAsync(batch);
        }
    }
}
