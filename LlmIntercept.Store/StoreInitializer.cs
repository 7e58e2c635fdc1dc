using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LlmIntercept.Store;

/// <summary>
/// Brings a database to the current schema (migrations), turns on WAL for SQLite, and creates the
/// installation's secrets the first time.
/// </summary>
public sealed class StoreInitializer(IDbContextFactory<InterceptDbContext> contexts, DatabaseUrl databaseUrl)
{
    public const string ApiKeySecretKey = "api_key_hmac_secret";

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (databaseUrl.SqlitePath is { } path)
        {
            var folder = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (databaseUrl.Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets the dashboard read while the proxy writes; it is a property of the file, set once.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        await MigrateAsync(db, cancellationToken);
        await GetOrCreateSecretAsync(db, ApiKeySecretKey, cancellationToken);
    }

    private static async Task MigrateAsync(InterceptDbContext db, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.Database.MigrateAsync(cancellationToken);
                return;
            }
            catch (PostgresException e) when (attempt < 3 && e.SqlState is "42P07" or "23505")
            {
                // On PostgreSQL, EF Core's migration lock ends with each migration's transaction, so two processes
                // starting on a new database can both run a later migration; the loser fails on the index or history
                // row the winner created, and its next attempt finds the migration applied.
            }
        }
    }

    /// <summary>Reads the secret used to hash API keys; <see cref="InitializeAsync"/> must have run.</summary>
    public async Task<byte[]> GetApiKeySecretAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await GetOrCreateSecretAsync(db, ApiKeySecretKey, cancellationToken);
    }

    private static async Task<byte[]> GetOrCreateSecretAsync(
        InterceptDbContext db,
        string key,
        CancellationToken cancellationToken)
    {
        var existing = await db.Settings.AsNoTracking().FirstOrDefaultAsync(s => s.Key == key, cancellationToken);
        if (existing is not null)
        {
            return Convert.FromBase64String(existing.Value);
        }

        var secret = RandomNumberGenerator.GetBytes(32);
        db.Settings.Add(new InstallationSetting { Key = key, Value = Convert.ToBase64String(secret) });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return secret;
        }
        catch (DbUpdateException)
        {
            // Another process created it first; theirs wins so every proxy hashes keys alike.
            db.ChangeTracker.Clear();
            var winner = await db.Settings.AsNoTracking().FirstAsync(s => s.Key == key, cancellationToken);
            return Convert.FromBase64String(winner.Value);
        }
    }

    /// <summary>
    /// True when the store is a SQLite file that no longer exists (deleted while running). Open connections would
    /// go on writing into the deleted file, where nothing can read it; the caller drops them and initializes anew.
    /// </summary>
    public bool IsDatabaseFileMissing => databaseUrl.SqlitePath is { } path && !File.Exists(path);

    /// <summary>Closes the pooled SQLite connections, so that the next write opens the file at its path again.</summary>
    public static void ReleaseConnections() => SqliteConnection.ClearAllPools();

    internal static bool IsSqliteBusy(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 5 or 6 };
}
