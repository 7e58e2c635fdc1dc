using System.Diagnostics;

namespace LlmIntercept.Testing;

/// <summary>
/// Another process (the <c>sqlite3</c> command line) holding a write transaction open on a database file, as a
/// backup tool or a second writer would, until <see cref="ReleaseAsync"/>.
/// </summary>
public sealed class SqliteLockHolder : IAsyncDisposable
{
    private readonly Process _process;

    private SqliteLockHolder(Process process)
    {
        _process = process;
    }

    public static async Task<SqliteLockHolder> AcquireAsync(string databasePath)
    {
        var process = Process.Start(new ProcessStartInfo("sqlite3", [databasePath])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("sqlite3 did not start");
        await process.StandardInput.WriteLineAsync(
            "PRAGMA busy_timeout=10000; BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS lock_holder(x); "
            + "INSERT INTO lock_holder VALUES (1);");
        await process.StandardInput.FlushAsync();

        var holder = new SqliteLockHolder(process);
        await holder.WaitUntilHeldAsync(databasePath);
        return holder;
    }

    public int ProcessId => _process.Id;

    /// <summary>Commits and ends the other process, which lets writers in again.</summary>
    public async Task ReleaseAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        await _process.StandardInput.WriteLineAsync("ROLLBACK;");
        await _process.StandardInput.WriteLineAsync(".quit");
        await _process.StandardInput.FlushAsync();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    private async Task WaitUntilHeldAsync(string databasePath)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    "sqlite3 exited: " + await _process.StandardError.ReadToEndAsync());
            }

            if (await IsLockedAsync(databasePath))
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("sqlite3 never took the write lock");
    }

    /// <summary>Asks a second sqlite3 for the write lock without waiting: "database is locked" means it is held.</summary>
    private static async Task<bool> IsLockedAsync(string databasePath)
    {
        using var probe = Process.Start(new ProcessStartInfo(
            "sqlite3", [databasePath, "PRAGMA busy_timeout=0; BEGIN IMMEDIATE; ROLLBACK;"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var error = await probe.StandardError.ReadToEndAsync();
        await probe.WaitForExitAsync();
        return probe.ExitCode != 0 && error.Contains("locked", StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ReleaseAsync();
        }
        finally
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }

            _process.Dispose();
        }
    }
}
