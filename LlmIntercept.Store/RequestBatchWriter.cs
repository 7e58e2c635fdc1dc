using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace LlmIntercept.Store;

/// <summary>Writes a batch of captured requests, and their full-text entries, in one transaction.</summary>
public sealed class RequestBatchWriter(IDbContextFactory<InterceptDbContext> contexts, DatabaseUrl databaseUrl)
{
    private SqliteRequestInserter? _sqlite;

    public Task WriteAsync(IReadOnlyList<LlmRequest> batch, CancellationToken cancellationToken) =>
        WriteAsync(batch, busyTimeout: null, cancellationToken);

    /// <summary>
    /// Writes <paramref name="batch"/>; with <paramref name="busyTimeout"/>, a SQLite file locked by another writer
    /// fails the batch after that long instead of the driver's 30 s, so the caller sees the fault and can report it.
    /// </summary>
    public async Task WriteAsync(
        IReadOnlyList<LlmRequest> batch,
        TimeSpan? busyTimeout,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return;
        }

        var postgres = databaseUrl.Provider == DatabaseProvider.PostgreSql;
        if (postgres)
        {
            foreach (var request in batch)
            {
                PostgresText.Clean(request);
            }
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (busyTimeout is { } timeout && db.Database.GetDbConnection() is SqliteConnection sqlite)
        {
            // BEGIN IMMEDIATE waits on the connection's default timeout, the inserts on the command timeout.
            sqlite.DefaultTimeout = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));
            db.Database.SetCommandTimeout(timeout);
        }

        if (databaseUrl.Provider == DatabaseProvider.Sqlite)
        {
            // In WAL mode NORMAL syncs at checkpoints rather than at every commit: a commit survives the
            // process being killed (it is in the OS's cache), and only a power cut may take back the last few.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous=NORMAL;", cancellationToken);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            if (postgres)
            {
                // Npgsql sends the batch's inserts in one round trip; the search entries follow in one statement.
                db.Requests.AddRange(batch);
                await db.SaveChangesAsync(cancellationToken);
                await IndexTextPostgresAsync(db, batch, cancellationToken);
            }
            else
            {
                // One prepared insert for the batch: SaveChanges wrote under a third as many rows a second (bench/).
                _sqlite ??= SqliteRequestInserter.For(db);
                await _sqlite.InsertAsync(db, batch, cancellationToken);
                await IndexTextAsync(db, batch, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            // The same objects are retried later; they must look new again.
            foreach (var request in batch)
            {
                request.Id = 0;
            }

            throw;
        }
    }

    private static async Task IndexTextPostgresAsync(
        InterceptDbContext db,
        IReadOnlyList<LlmRequest> batch,
        CancellationToken cancellationToken)
    {
        var ids = batch.Select(r => r.Id).ToArray();
        var documents = batch.Select(PostgresSearch.Document).ToArray();
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO llm_requests_search (id, document) "
            + "SELECT v.id, to_tsvector('simple', v.body) FROM unnest(@ids, @bodies) AS v(id, body)",
            [new NpgsqlParameter("ids", ids), new NpgsqlParameter("bodies", documents)],
            cancellationToken);
    }

    private static async Task IndexTextAsync(
        InterceptDbContext db,
        IReadOnlyList<LlmRequest> batch,
        CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandTimeout = db.Database.GetCommandTimeout() ?? command.CommandTimeout;
        command.CommandText = "INSERT INTO llm_requests_fts(rowid, body) VALUES ($id, $body)";
        var id = AddParameter(command, "$id");
        var body = AddParameter(command, "$body");
        foreach (var request in batch)
        {
            id.Value = request.Id;
            body.Value = SearchText.Build(request);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static DbParameter AddParameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
