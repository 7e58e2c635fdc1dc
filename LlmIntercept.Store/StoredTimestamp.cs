using System.Data.Common;

namespace LlmIntercept.Store;

/// <summary>
/// A <c>timestamp</c> as EF Core writes it on SQLite (<c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>), read digit by digit: the
/// data reader's general date parser took a third of an export's reading time. Any other form is left to it.
/// </summary>
public static class StoredTimestamp
{
    /// <summary>The value of a timestamp column, parsed here when it is text in the stored form.</summary>
    public static DateTime Read(DbDataReader reader, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.GetFieldType(ordinal) == typeof(string) && TryParse(reader.GetString(ordinal), out var value))
        {
            return value;
        }

        return reader.GetDateTime(ordinal);
    }

    /// <summary>Parses the stored form (fraction optional, up to seven digits); false for anything else.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DateTime value)
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
}
