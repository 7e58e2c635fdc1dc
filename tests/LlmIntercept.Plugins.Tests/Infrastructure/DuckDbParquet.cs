using DuckDB.NET.Data;

namespace LlmIntercept.Plugins.Tests.Infrastructure;

internal sealed record ParquetRow(string Messages, string? Model, DateTime Timestamp, string? ToolCalls, string? Tools);

/// <summary>Reads our Parquet files with DuckDB, an independent implementation of the format.</summary>
internal static class DuckDbParquet
{
    public static List<ParquetRow> ReadRows(string path)
    {
        var rows = new List<ParquetRow>();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT messages, model, timestamp, tool_calls, tools
            FROM read_parquet('{path}', file_row_number = true)
            ORDER BY file_row_number
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new ParquetRow(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                ToUtc(reader.GetValue(2)),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return rows;
    }

    /// <summary>Runs a query that returns one value, with <c>{path}</c> standing for the file.</summary>
    public static object? Scalar(string path, string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql.Replace("{path}", $"'{path}'", StringComparison.Ordinal);
        return command.ExecuteScalar();
    }

    /// <summary>Column name to DuckDB type, as DESCRIBE reports them.</summary>
    public static Dictionary<string, string> Describe(string path)
    {
        var columns = new Dictionary<string, string>();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"DESCRIBE SELECT * FROM read_parquet('{path}')";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            columns[reader.GetString(0)] = reader.GetString(1);
        }

        return columns;
    }

    private static DuckDBConnection Open()
    {
        var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SET TimeZone = 'UTC'";
        command.ExecuteNonQuery();
        return connection;
    }

    private static DateTime ToUtc(object value) => value switch
    {
        DateTimeOffset offset => offset.UtcDateTime,
        DateTime dateTime => DateTime.SpecifyKind(dateTime, DateTimeKind.Utc),
        _ => throw new InvalidOperationException($"unexpected timestamp type {value.GetType()}"),
    };
}
