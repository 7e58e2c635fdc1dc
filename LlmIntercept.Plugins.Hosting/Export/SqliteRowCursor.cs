using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace LlmIntercept.Plugins.Hosting.Export;

/// <summary>
/// Steps through the rows of an EF Core-built SQLite command on the connection's own statement handle, reading each
/// column in place. Microsoft.Data.Sqlite's reader costs several native calls and an allocation per value; on a
/// 1M-row export that was more than SQLite's own work. The command's parameters are bound here as
/// Microsoft.Data.Sqlite binds them; a command holding a value of any other kind gets no cursor
/// (<see cref="TryOpen"/> returns null) and is read through the data reader instead.
/// </summary>
internal sealed class SqliteRowCursor : IDisposable
{
    private readonly sqlite3 database;
    private readonly sqlite3_stmt statement;
    private readonly TimeSpan busyTimeout;
    private bool started;

    private SqliteRowCursor(sqlite3 database, sqlite3_stmt statement, TimeSpan busyTimeout)
    {
        this.database = database;
        this.statement = statement;
        this.busyTimeout = busyTimeout;
    }

    /// <summary>
    /// Prepares <paramref name="command"/> on its open connection; null when a parameter cannot be bound here.
    /// </summary>
    public static SqliteRowCursor? TryOpen(SqliteCommand command)
    {
        var database = command.Connection?.Handle
            ?? throw new InvalidOperationException("The export command's connection is not open.");
        var rc = raw.sqlite3_prepare_v2(database, command.CommandText, out var statement, out var tail);
        SqliteException.ThrowExceptionForRC(rc, database);
        if (!string.IsNullOrWhiteSpace(tail) || statement.IsInvalid)
        {
            // One statement is what EF Core builds for a query; anything else is left to the data reader.
            statement.Dispose();
            return null;
        }

        // A command timeout of 0 means no limit, in ADO.NET as in Microsoft.Data.Sqlite.
        var busyTimeout = command.CommandTimeout > 0 ? TimeSpan.FromSeconds(command.CommandTimeout) : TimeSpan.MaxValue;
        var cursor = new SqliteRowCursor(database, statement, busyTimeout);
        if (!cursor.TryBind(command.Parameters))
        {
            cursor.Dispose();
            return null;
        }

        return cursor;
    }

    public int ColumnCount => raw.sqlite3_column_count(statement);

    public string ColumnName(int ordinal) => raw.sqlite3_column_name(statement, ordinal).utf8_to_string();

    /// <summary>
    /// Moves to the next row; false after the last. A database locked when the query starts is waited out for the
    /// command timeout, as the data reader does; once rows have been read, a lock is an error (a restart would read
    /// them twice).
    /// </summary>
    public bool Step()
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var rc = raw.sqlite3_step(statement);
            switch (rc)
            {
                case raw.SQLITE_ROW:
                    started = true;
                    return true;
                case raw.SQLITE_DONE:
                    started = true;
                    return false;
                case raw.SQLITE_BUSY or raw.SQLITE_LOCKED when !started && waited.Elapsed < busyTimeout:
                    raw.sqlite3_reset(statement);
                    Thread.Sleep(50);
                    break;
                default:
                    SqliteException.ThrowExceptionForRC(rc, database);
                    return false;
            }
        }
    }

    public bool IsNull(int ordinal) => raw.sqlite3_column_type(statement, ordinal) == raw.SQLITE_NULL;

    public bool IsText(int ordinal) => raw.sqlite3_column_type(statement, ordinal) == raw.SQLITE_TEXT;

    public long Int64(int ordinal) => raw.sqlite3_column_int64(statement, ordinal);

    /// <summary>The value's bytes (UTF-8 for text), valid until the next <see cref="Step"/>.</summary>
    public ReadOnlySpan<byte> Bytes(int ordinal) => raw.sqlite3_column_blob(statement, ordinal);

    public void Dispose() => statement.Dispose();

    private bool TryBind(SqliteParameterCollection parameters)
    {
        foreach (SqliteParameter parameter in parameters)
        {
            var index = IndexOf(parameter.ParameterName);
            if (index == 0 || !TryBind(index, parameter))
            {
                return false;
            }
        }

        return raw.sqlite3_bind_parameter_count(statement) == parameters.Count;
    }

    /// <summary>
    /// The parameter's position; a name given without its prefix (FromSqlRaw's <c>p0</c>) matches any prefix.
    /// </summary>
    private int IndexOf(string name)
    {
        var index = raw.sqlite3_bind_parameter_index(statement, name);
        if (index != 0 || name.Length == 0 || name[0] is '@' or '$' or ':')
        {
            return index;
        }

        foreach (var prefix in "@$:")
        {
            index = raw.sqlite3_bind_parameter_index(statement, prefix + name);
            if (index != 0)
            {
                return index;
            }
        }

        return 0;
    }

    private bool TryBind(int index, SqliteParameter parameter)
    {
        var rc = parameter.Value switch
        {
            null or DBNull => raw.sqlite3_bind_null(statement, index),
            string text when parameter.Size <= 0 || text.Length <= parameter.Size =>
                raw.sqlite3_bind_text(statement, index, text),
            bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
            int number => raw.sqlite3_bind_int64(statement, index, number),
            long number => raw.sqlite3_bind_int64(statement, index, number),
            double number => raw.sqlite3_bind_double(statement, index, number),

            // The text Microsoft.Data.Sqlite (and EF Core's stored values) use for a DateTime in a TEXT column.
            DateTime time when parameter.SqliteType == SqliteType.Text => raw.sqlite3_bind_text(
                statement, index, time.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture)),
            _ => -1,
        };
        if (rc == -1)
        {
            return false;
        }

        SqliteException.ThrowExceptionForRC(rc, database);
        return true;
    }
}
