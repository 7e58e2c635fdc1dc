using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace LlmIntercept.Store;

/// <summary>
/// Inserts <c>llm_requests</c> rows on SQLite with one prepared statement per batch. EF Core's SaveChanges
/// builds, tracks and logs a 46-parameter command for every row, which made the store the capture ceiling
/// (about 600 records/s on two cores); the columns and value conversions still come from the EF model.
/// </summary>
internal sealed class SqliteRequestInserter
{
    private readonly string _sql;
    private readonly (string Name, Func<LlmRequest, object?> Read)[] _columns;

    private SqliteRequestInserter(IEntityType entity)
    {
        var columns = entity.GetProperties().Where(p => !p.IsPrimaryKey()).ToArray();
        _columns = columns.Select(p => ("$" + p.GetColumnName(), Reader(p))).ToArray();
        _sql = $"INSERT INTO {entity.GetTableName()} ({string.Join(", ", columns.Select(c => c.GetColumnName()))}) "
            + $"VALUES ({string.Join(", ", _columns.Select(c => c.Name))}) RETURNING id";
    }

    public static SqliteRequestInserter For(InterceptDbContext db) =>
        new(db.Model.FindEntityType(typeof(LlmRequest))!);

    /// <summary>Inserts every row inside the context's current transaction and sets each row's id.</summary>
    public async Task InsertAsync(
        InterceptDbContext db,
        IReadOnlyList<LlmRequest> batch,
        CancellationToken cancellationToken)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandTimeout = db.Database.GetCommandTimeout() ?? command.CommandTimeout;
        command.CommandText = _sql;
        var parameters = new DbParameter[_columns.Length];
        for (var i = 0; i < _columns.Length; i++)
        {
            parameters[i] = command.CreateParameter();
            parameters[i].ParameterName = _columns[i].Name;
            command.Parameters.Add(parameters[i]);
        }

        foreach (var request in batch)
        {
            for (var i = 0; i < _columns.Length; i++)
            {
                parameters[i].Value = _columns[i].Read(request) ?? DBNull.Value;
            }

            request.Id = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
    }

    private static Func<LlmRequest, object?> Reader(IProperty property)
    {
        var info = property.PropertyInfo!;
        var converter = property.GetTypeMapping().Converter;
        return converter is null
            ? info.GetValue
            : request => info.GetValue(request) is { } value ? converter.ConvertToProvider(value) : null;
    }
}
