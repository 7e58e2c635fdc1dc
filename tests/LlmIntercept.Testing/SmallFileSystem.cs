using System.Diagnostics;

namespace LlmIntercept.Testing;

/// <summary>
/// A tmpfs of a few megabytes mounted for one test (needs root, as on CI), to make the store's disk fill up
/// or turn read-only while the proxy runs. Unmounted on dispose.
/// </summary>
public sealed class SmallFileSystem : IDisposable
{
    private readonly string _filler;

    private SmallFileSystem(string path)
    {
        Path = path;
        _filler = System.IO.Path.Combine(path, "filler.bin");
    }

    public string Path { get; }

    public string DatabaseUrl => "sqlite:///" + System.IO.Path.Combine(Path, "intercept.db");

    public static SmallFileSystem Mount(int megabytes)
    {
        var path = Directory.CreateTempSubdirectory("llm-intercept-tmpfs-").FullName;
        Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", path);
        return new SmallFileSystem(path);
    }

    /// <summary>Writes a file until the file system has no room left.</summary>
    public void Fill()
    {
        var block = new byte[64 * 1024];
        using var stream = new FileStream(_filler, FileMode.Append, FileAccess.Write, FileShare.None, 1);
        try
        {
            while (true)
            {
                stream.Write(block);
                stream.Flush();
            }
        }
        catch (IOException)
        {
            // ENOSPC: full, as intended. Single bytes fill the last partial block.
        }

        try
        {
            while (true)
            {
                stream.WriteByte(0);
                stream.Flush();
            }
        }
        catch (IOException)
        {
        }
    }

    public void Free() => File.Delete(_filler);

    public void MakeReadOnly() => Run("mount", "-o", "remount,ro", Path);

    public void MakeWritable() => Run("mount", "-o", "remount,rw", Path);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Run("umount", "-l", Path);
        Directory.Delete(Path);
    }

    private static void Run(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Trim()}. "
                + "The store fault tests mount a tmpfs and need root.");
        }
    }
}
