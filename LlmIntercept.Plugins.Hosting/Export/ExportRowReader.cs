using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;
using LlmIntercept.Store;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LlmIntercept.Plugins.Hosting.Export;

/// <summary>
/// Reads the rows of the export query on SQLite without EF Core's materialisation. EF Core still builds the SQL (so
/// every filter means what it means elsewhere) and owns the connection; the rows come from a
/// <see cref="SqliteRowCursor"/> over that SQL, or from the provider's data reader when the cursor cannot bind the
/// command. Both read each value as Microsoft.Data.Sqlite would, so the rows are EF Core's, except the JSON columns,
/// which stay the UTF-8 bytes SQLite holds.
/// </summary>
internal static class ExportRowReader
{
    private const string TimestampById = """SELECT "timestamp" FROM "llm_requests" WHERE "id" = $id""";

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
            using var cursor = SqliteRowCursor.TryOpen((SqliteCommand)command);
            if (cursor is not null)
            {
                foreach (var row in ReadWithCursor(cursor, (SqliteConnection)command.Connection!, cancellationToken))
                {
                    yield return row;
                }
            }
            else
            {
                await foreach (var row in ReadWithDataReaderAsync(command, cancellationToken))
                {
                    yield return row;
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static IEnumerable<ExportRow> ReadWithCursor(
        SqliteRowCursor cursor,
        SqliteConnection connection,
        CancellationToken cancellationToken)
    {
        var names = Enumerable.Range(0, cursor.ColumnCount).Select(cursor.ColumnName).ToList();
        var at = Columns.Select(c => Ordinal(names, c)).ToArray();

        // Model, finish reason, tags and outcome take few values: a row repeating the row before reuses its string.
        var model = new RepeatedText();
        var responseModel = new RepeatedText();
        var finishReason = new RepeatedText();
        var tags = new RepeatedText();
        var outcome = new RepeatedText();
        using var timestamps = new SqliteCommand(TimestampById, connection);
        var id = timestamps.Parameters.Add("$id", SqliteType.Integer);
        while (cursor.Step())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rowId = cursor.Int64(at[0]);
            var timestamp = ReadTimestamp(cursor, at[1]) ?? TimestampOf(timestamps, id, rowId);
            yield return new ExportRow(
                rowId,
                timestamp ?? default,
                model.Read(cursor, at[2]),
                responseModel.Read(cursor, at[3]),
                Utf8(cursor, at[4]),
                Utf8(cursor, at[5]),
                finishReason.Read(cursor, at[6]),
                cursor.Int64(at[7]) != 0,
                cursor.IsNull(at[8]) ? null : Encoding.UTF8.GetString(cursor.Bytes(at[8])),
                tags.Read(cursor, at[9]) ?? "",
                outcome.Read(cursor, at[10]) ?? "",
                cursor.Int64(at[11]) != 0,
                TimestampUnreadable: timestamp is null);
        }
    }

    private static async IAsyncEnumerable<ExportRow> ReadWithDataReaderAsync(
        DbCommand command,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var at = Columns.Select(reader.GetOrdinal).ToArray();
        while (await reader.ReadAsync(cancellationToken))
        {
            var timestamp = TryRead(reader, at[1]);
            yield return new ExportRow(
                reader.GetInt64(at[0]),
                timestamp ?? default,
                Text(reader, at[2]),
                Text(reader, at[3]),
                Utf8(reader, at[4]),
                Utf8(reader, at[5]),
                Text(reader, at[6]),
                reader.GetBoolean(at[7]),
                Text(reader, at[8]),
                reader.GetString(at[9]),
                reader.GetString(at[10]),
                reader.GetBoolean(at[11]),
                TimestampUnreadable: timestamp is null);
        }
    }

    private static int Ordinal(List<string> names, string column)
    {
        var ordinal = names.FindIndex(n => string.Equals(n, column, StringComparison.OrdinalIgnoreCase));
        return ordinal >= 0 ? ordinal : throw new InvalidOperationException($"The export query has no column '{column}'.");
    }

    /// <summary>The timestamp when it is text in the stored form; null for anything else.</summary>
    private static DateTime? ReadTimestamp(SqliteRowCursor cursor, int ordinal)
    {
        if (!cursor.IsText(ordinal))
        {
            return null;
        }

        var bytes = cursor.Bytes(ordinal);
        if (bytes.Length > 32)
        {
            return null;
        }

        Span<char> text = stackalloc char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            text[i] = (char)bytes[i];
        }

        return StoredTimestamp.TryParse(text, out var value) ? value : null;
    }

    /// <summary>A timestamp in another form (written by hand), read by the data reader's general parser.</summary>
    private static DateTime? TimestampOf(SqliteCommand timestamps, SqliteParameter id, long rowId)
    {
        id.Value = rowId;
        using var reader = timestamps.ExecuteReader();
        reader.Read();
        return TryRead(reader, 0);
    }

    /// <summary>The timestamp, or null when it is no date and time at all (the row is skipped, not the export).</summary>
    private static DateTime? TryRead(DbDataReader reader, int ordinal)
    {
        try
        {
            return StoredTimestamp.Read(reader, ordinal);
        }
        catch (Exception exception) when (exception is FormatException or InvalidCastException)
        {
            return null;
        }
    }

    private static StoredText? Utf8(SqliteRowCursor cursor, int ordinal) =>
        cursor.IsNull(ordinal) ? null : new StoredText(cursor.Bytes(ordinal).ToArray());

    private static string? Text(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    // A TEXT value read as a blob is its UTF-8 bytes as stored: no string is made, and none is parsed back.
    private static StoredText? Utf8(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : new StoredText(reader.GetFieldValue<byte[]>(ordinal));

    /// <summary>A text column's value, decoded once for a run of rows that repeat it.</summary>
    private sealed class RepeatedText
    {
        private byte[] bytes = [];
        private string? text;

        public string? Read(SqliteRowCursor cursor, int ordinal)
        {
            if (cursor.IsNull(ordinal))
            {
                return null;
            }

            var value = cursor.Bytes(ordinal);
            if (text is null || !value.SequenceEqual(bytes))
            {
                bytes = value.ToArray();
                text = Encoding.UTF8.GetString(value);
            }

            return text;
        }
    }
}
