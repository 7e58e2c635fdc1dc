using System.Data.Common;
using System.Reflection;
using LlmIntercept.Store;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LlmIntercept.Bench.Tools;

/// <summary>
/// Inserts generated rows into a SQLite store with one prepared statement per table, outside EF Core's
/// change tracker: the columns come from the EF model, and the full-text entry from
/// <see cref="SearchText.Build"/>, so the rows are the ones the proxy would have written.
/// </summary>
internal sealed class BulkInserter : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly List<(PropertyInfo Property, DbParameter Parameter)> _columns = [];
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _index;
    private long _nextId;

    private BulkInserter(SqliteConnection connection, InterceptDbContext db)
    {
        _connection = connection;
        var entity = db.Model.FindEntityType(typeof(LlmRequest))!;
        var table = entity.GetTableName()!;
        _insert = connection.CreateCommand();
        var names = new List<string>();
        foreach (var property in entity.GetProperties())
        {
            var name = property.GetColumnName();
            names.Add(name);
            var parameter = _insert.CreateParameter();
            parameter.ParameterName = "$" + name;
            _insert.Parameters.Add(parameter);
            _columns.Add((property.PropertyInfo!, parameter));
        }

        _insert.CommandText = $"INSERT INTO {table} ({string.Join(", ", names)}) "
            + $"VALUES ({string.Join(", ", names.Select(n => "$" + n))})";
        _index = connection.CreateCommand();
        _index.CommandText = "INSERT INTO llm_requests_fts(rowid, body) VALUES ($id, $body)";
        _index.Parameters.Add(new SqliteParameter("$id", 0L));
        _index.Parameters.Add(new SqliteParameter("$body", ""));
    }

    public static async Task<BulkInserter> OpenAsync(DatabaseUrl databaseUrl)
    {
        await using var db = StoreServiceCollectionExtensions.CreateContext(databaseUrl);
        var connection = new SqliteConnection(databaseUrl.ConnectionString);
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            // A seed that fails is simply run again, so it need not survive a power cut.
            pragma.CommandText = "PRAGMA synchronous=OFF;";
            await pragma.ExecuteNonQueryAsync();
        }

        var inserter = new BulkInserter(connection, db);
        await using var max = connection.CreateCommand();
        max.CommandText = "SELECT coalesce(max(id), 0) FROM llm_requests";
        inserter._nextId = (long)(await max.ExecuteScalarAsync())! + 1;
        return inserter;
    }

    public async Task WriteAsync(IReadOnlyList<LlmRequest> batch)
    {
        await using var transaction = await _connection.BeginTransactionAsync();
        _insert.Transaction = (SqliteTransaction)transaction;
        _index.Transaction = (SqliteTransaction)transaction;
        foreach (var request in batch)
        {
            request.Id = _nextId++;
            foreach (var (property, parameter) in _columns)
            {
                parameter.Value = property.GetValue(request) ?? DBNull.Value;
            }

            await _insert.ExecuteNonQueryAsync();
            _index.Parameters[0].Value = request.Id;
            _index.Parameters[1].Value = SearchText.Build(request);
            await _index.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _insert.DisposeAsync();
        await _index.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
