using System.Data.Common;
using System.Runtime.CompilerServices;
using LlmIntercept.Store;
using Microsoft.EntityFrameworkCore;

namespace LlmIntercept.Plugins.Hosting.Export;

/// <summary>
/// Reads the rows of the export query straight from the provider's data reader. EF Core still builds the SQL (so
/// every filter means what it means elsewhere) and owns the connection; only its per-row materialisation, most of
/// the reading cost on SQLite, is left out. The values are read with the same reader methods EF Core's SQLite
/// provider uses, so the rows are the same, except the JSON columns, which stay the UTF-8 bytes SQLite holds.
/// </summary>
internal static class ExportRowReader
{
    private static readonly string[] Columns =
    [
        "id", "timestamp", "model", "response_model", "messages", "tools", "finish_reason", "tool_arguments_valid",
        "reasoning", "tags", "outcome", "excluded",
    ];

    public static async IAsyncEnumerable<ExportRow> ReadAsync(
        DbContext db,
        IQueryable<ExportRow> query,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = query.CreateDbCommand();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var at = Columns.Select(reader.GetOrdinal).ToArray();
            while (await reader.ReadAsync(cancellationToken))
            {
                yield return new ExportRow(
                    reader.GetInt64(at[0]),
                    StoredTimestamp.Read(reader, at[1]),
                    Text(reader, at[2]),
                    Text(reader, at[3]),
                    Utf8(reader, at[4]),
                    Utf8(reader, at[5]),
                    Text(reader, at[6]),
                    reader.GetBoolean(at[7]),
                    Text(reader, at[8]),
                    reader.GetString(at[9]),
                    reader.GetString(at[10]),
                    reader.GetBoolean(at[11]));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static string? Text(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    // A TEXT value read as a blob is its UTF-8 bytes as stored: no string is made, and none is parsed back.
    private static StoredText? Utf8(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : new StoredText(reader.GetFieldValue<byte[]>(ordinal));
}
