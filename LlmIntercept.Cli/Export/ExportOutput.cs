using LlmIntercept.Cli.Commands;

namespace LlmIntercept.Cli.Export;

/// <summary>
/// The export file: written under a temporary name beside the target and moved into place only when complete, so
/// a failed or cancelled export never leaves a truncated dataset under the name the user asked for.
/// </summary>
internal sealed class ExportOutput : IAsyncDisposable
{
    private readonly string partialPath;
    private bool committed;

    private ExportOutput(string path, string partialPath, FileStream stream)
    {
        Path = path;
        this.partialPath = partialPath;
        Stream = stream;

        // An interrupt the export does not answer within the command line's grace period ends the process without
        // this object's disposal; the temporary file goes then too.
        AppDomain.CurrentDomain.ProcessExit += DeleteAbandoned;
    }

    public string Path { get; }

    public FileStream Stream { get; }

    public static ExportOutput Create(string path)
    {
        var folder = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
        {
            throw new CliUsageException($"--out: cannot write '{path}': the folder '{folder}' does not exist");
        }

        var partial = path + ".partial";
        try
        {
            var stream = new FileStream(
                partial, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16, useAsync: true);
            return new ExportOutput(path, partial, stream);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"--out: cannot write '{path}': {exception.Message}");
        }
    }

    public async Task CommitAsync()
    {
        await Stream.FlushAsync();
        await Stream.DisposeAsync();
        try
        {
            File.Move(partialPath, Path, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"--out: cannot write '{Path}': {exception.Message}");
        }

        committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= DeleteAbandoned;
        await Stream.DisposeAsync();
        if (!committed)
        {
            File.Delete(partialPath);
        }
    }

    private void DeleteAbandoned(object? sender, EventArgs e)
    {
        if (!committed)
        {
            File.Delete(partialPath);
        }
    }
}
