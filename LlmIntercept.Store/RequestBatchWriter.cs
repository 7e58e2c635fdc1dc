using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace LlmIntercept.Store;

/// <summary>Writes a batch of captured requests, and their full-text entries, in one transaction.</summary>
public sealed class RequestBatchWriter(IDbContextFactory<InterceptDbContext> contexts, DatabaseUrl databaseUrl)
{
    private SqliteRequestInserter? _sqlite;

    public async Task WriteAsync(IReadOnlyList<LlmRequest> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            if (databaseUrl.Provider == DatabaseProvider.Sqlite)
            {
                _sqlite ??= SqliteRequestInserter.For(db);
                await _sqlite.InsertAsync(db, batch, cancellationToken);
                await IndexTextAsync(db, batch, cancellationToken);
            }
            else
            {
                db.Requests.AddRange(batch);
                await db.SaveChangesAsync(cancellationToken);
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

    private static async Task IndexTextAsync(
        InterceptDbContext db,
        IReadOnlyList<LlmRequest> batch,
        CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
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
