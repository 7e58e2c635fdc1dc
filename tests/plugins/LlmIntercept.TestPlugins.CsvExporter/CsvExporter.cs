using System.Text;
using LlmIntercept.Plugins;

namespace LlmIntercept.TestPlugins.CsvExporter;

/// <summary>Writes one CSV line per example: id, timestamp, model and the messages as JSON.</summary>
public sealed class CsvExporter : IDatasetExporter
{
    public string Format => "csv";

    public string DisplayName => "CSV (id, timestamp, model, messages)";

    public string FileExtension => ".csv";

    public string ContentType => "text/csv";

    public async Task<long> ExportAsync(
        IAsyncEnumerable<TrainingExample> examples,
        Stream output,
        ExportContext context,
        CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), bufferSize: -1, leaveOpen: true);
        await writer.WriteLineAsync("id,timestamp,model,messages");
        long rows = 0;
        await foreach (var example in examples.WithCancellation(cancellationToken))
        {
            await writer.WriteLineAsync($"{example.Id},{example.Timestamp:O},{Quote(example.Model)},{Quote(example.MessagesJson)}");
            if (++rows % 1000 == 0)
            {
                context.Progress?.Report(rows);
            }
        }

        context.Progress?.Report(rows);
        return rows;
    }

    private static string Quote(string? value) => value is null ? "" : "\"" + value.Replace("\"", "\"\"") + "\"";
}
