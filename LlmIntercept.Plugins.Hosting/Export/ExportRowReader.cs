using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace LlmIntercept.Plugins.Hosting.Export;

/// <summary>
/// Reads the rows of the export query straight from the provider's data reader. EF Core still builds the SQL (so
/// every filter means what it means elsewhere) and owns the connection; only its per-row materialisation, most of
/// the reading cost on SQLite, is left out. The values are read with the same reader methods EF Core's SQLite
/// provider uses, so the rows are the same.
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
                    Timestamp(reader, at[1]),
                    Text(reader, at[2]),
                    Text(reader, at[3]),
                    Text(reader, at[4]),
                    Text(reader, at[5]),
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

    /// <summary>
    /// The timestamp as EF Core writes it on SQLite (<c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>) read digit by digit, which
    /// the reader's general date parser took a third of the reading time for; any other form goes to that parser.
    /// </summary>
    private static DateTime Timestamp(DbDataReader reader, int ordinal)
    {
        if (reader.GetFieldType(ordinal) == typeof(string) && TryParseTimestamp(reader.GetString(ordinal), out var value))
        {
            return value;
        }

        return reader.GetDateTime(ordinal);
    }

    internal static bool TryParseTimestamp(ReadOnlySpan<char> text, out DateTime value)
    {
        value = default;
        if (text.Length < 19 || text.Length == 20 || text.Length > 27
            || text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':' || text[16] != ':'
            || (text.Length > 19 && text[19] != '.'))
        {
            return false;
        }

        if (!TryDigits(text[..4], out var year) || !TryDigits(text[5..7], out var month)
            || !TryDigits(text[8..10], out var day) || !TryDigits(text[11..13], out var hour)
            || !TryDigits(text[14..16], out var minute) || !TryDigits(text[17..19], out var second))
        {
            return false;
        }

        var ticks = 0;
        if (text.Length > 19)
        {
            var fraction = text[20..];
            if (!TryDigits(fraction, out ticks))
            {
                return false;
            }

            for (var i = fraction.Length; i < 7; i++)
            {
                ticks *= 10;
            }
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(ticks);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    private static string? Text(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
