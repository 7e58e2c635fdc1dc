namespace LlmIntercept.Plugins;

/// <summary>
/// Writes selected conversations to one dataset file. Exporters are discovered in the plugins folder; a new
/// class implementing this interface in a plugin assembly adds a format to the dashboard and the command line.
/// </summary>
/// <remarks>
/// Rows arrive as an asynchronous stream and must be written as they come: a store can hold millions of
/// them, so an exporter never collects them in a list. Only successful conversations are passed in.
/// </remarks>
public interface IDatasetExporter
{
    /// <summary>The format name users select (for example <c>jsonl.zst</c>); lower case, unique across plugins.</summary>
    string Format { get; }

    /// <summary>A short human-readable name for menus.</summary>
    string DisplayName { get; }

    /// <summary>The file extension including the leading dot (for example <c>.jsonl.zst</c>).</summary>
    string FileExtension { get; }

    /// <summary>The MIME type of the file, used for downloads.</summary>
    string ContentType { get; }

    /// <summary>
    /// Writes every example of <paramref name="examples"/> to <paramref name="output"/> and returns when the file
    /// is complete. The exporter must not close <paramref name="output"/>; the caller owns it.
    /// </summary>
    /// <param name="examples">The training examples, in the order they should appear.</param>
    /// <param name="output">Where the file goes. It may be a network stream: write sequentially, never seek.</param>
    /// <param name="context">Options and the progress sink for this export.</param>
    /// <param name="cancellationToken">Cancelled when the user gives up; stop promptly.</param>
    /// <returns>How many rows were written.</returns>
    Task<long> ExportAsync(
        IAsyncEnumerable<TrainingExample> examples,
        Stream output,
        ExportContext context,
        CancellationToken cancellationToken);
}

/// <summary>Options and progress reporting for one export.</summary>
/// <param name="Progress">Receives the running count of rows written; report every few thousand rows at most.</param>
/// <param name="ExpectedRows">How many rows the selection holds, when known, for progress display.</param>
public sealed record ExportContext(IProgress<long>? Progress, long? ExpectedRows)
{
    /// <summary>
    /// Exporter-specific settings given by the user as <c>key=value</c> pairs (for example <c>compression=zstd</c>
    /// for Parquet); keys are compared without regard to case. Empty by default. An exporter ignores keys it does
    /// not know and throws <see cref="ArgumentException"/> for a value it cannot use.
    /// </summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Whether every example carries <see cref="TrainingExample.Split"/>; known before the first row so that a
    /// columnar exporter can add a <c>split</c> column to its schema. False by default.
    /// </summary>
    public bool IncludesSplit { get; init; }

    /// <summary>
    /// Whether every example carries <see cref="TrainingExample.RecordJson"/> (a training flavour was chosen).
    /// False by default.
    /// </summary>
    public bool IncludesRecord { get; init; }
}
