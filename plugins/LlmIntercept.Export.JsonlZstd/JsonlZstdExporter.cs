using System.Buffers;
using System.Globalization;
using System.Text.Json;
using LlmIntercept.Plugins;
using ZstdSharp;

namespace LlmIntercept.Export.JsonlZstd;

/// <summary>
/// Zstandard-compressed JSON Lines: one OpenAI chat fine-tuning example a line, readable with
/// <c>zstd -dc file.jsonl.zst</c>. Option <c>level</c> (1-19, default 3) sets the compression level.
/// </summary>
internal sealed class JsonlZstdExporter : IDatasetExporter
{
    public const int DefaultLevel = 3;

    private const int ProgressInterval = 5_000;

    // Lines are handed to the compressor about this many bytes at a time rather than one by one: a call per line
    // cost more than the compression. The compressed bytes do not depend on how the input is cut.
    private const int ChunkSize = 64 * 1024;

    public string Format => "jsonl.zst";

    public string DisplayName => "JSON Lines, Zstandard-compressed";

    public string FileExtension => ".jsonl.zst";

    public string ContentType => "application/zstd";

    public async Task<long> ExportAsync(
        IAsyncEnumerable<TrainingExample> examples,
        Stream output,
        ExportContext context,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(context);

        var level = ReadLevel(context.Options);
        var lines = new ArrayBufferWriter<byte>(ChunkSize + (16 * 1024));
        await using var json = new Utf8JsonWriter(lines, TrainingRowJson.WriterOptions);
        long written = 0;

        await using (var compressed = new CompressionStream(output, level, leaveOpen: true))
        {
            await foreach (var example in examples.WithCancellation(cancellationToken))
            {
                json.Reset(lines);
                TrainingRowJson.Write(json, example);
                json.Flush();
                lines.Write("\n"u8);
                if (lines.WrittenCount >= ChunkSize)
                {
                    await compressed.WriteAsync(lines.WrittenMemory, cancellationToken);
                    lines.ResetWrittenCount();
                }

                if (++written % ProgressInterval == 0)
                {
                    context.Progress?.Report(written);
                }
            }

            await compressed.WriteAsync(lines.WrittenMemory, cancellationToken);
        }

        context.Progress?.Report(written);
        return written;
    }

    private static int ReadLevel(IReadOnlyDictionary<string, string> options)
    {
        // A misspelt key would otherwise be a silent default.
        if (options.Keys.FirstOrDefault(k => k != "level") is { } unknown)
        {
            throw new ArgumentException($"jsonl.zst has no option '{unknown}'; it takes level (1-19)");
        }

        if (!options.TryGetValue("level", out var text))
        {
            return DefaultLevel;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var level)
            || level is < 1 or > 19)
        {
            throw new ArgumentException($"jsonl.zst option 'level' must be a whole number from 1 to 19, not '{text}'");
        }

        return level;
    }
}
