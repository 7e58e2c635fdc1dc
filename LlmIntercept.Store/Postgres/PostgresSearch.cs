using System.Globalization;
using System.Text;

namespace LlmIntercept.Store;

/// <summary>
/// Full-text search on PostgreSQL: a <c>tsvector</c> per request in <c>llm_requests_search</c> (GIN index), built
/// with the <c>simple</c> configuration from text this class has already case-folded and stripped of Latin
/// diacritics, so PostgreSQL only splits words and the results match SQLite's FTS5 (unicode61,
/// remove_diacritics 2) whatever the server's locale.
/// </summary>
public static class PostgresSearch
{
    /// <summary>
    /// A tsvector may not exceed 1 MB; its size is bounded by about three times the text's, so the indexed text is
    /// cut at 256 KiB of UTF-8. Words beyond it are not found by search (the row itself is stored whole).
    /// </summary>
    public const int MaxDocumentBytes = 256 * 1024;

    /// <summary>The text to index for <paramref name="request"/>.</summary>
    public static string Document(LlmRequest request)
    {
        var folded = Fold(SearchText.Build(request));
        if (Encoding.UTF8.GetByteCount(folded) <= MaxDocumentBytes)
        {
            return folded;
        }

        var length = 0;
        var bytes = 0;
        while (length < folded.Length)
        {
            var pair = char.IsSurrogatePair(folded, length);
            var width = pair ? 4 : folded[length] < 0x80 ? 1 : folded[length] < 0x800 ? 2 : 3;
            if (bytes + width > MaxDocumentBytes)
            {
                break;
            }

            bytes += width;
            length += pair ? 2 : 1;
        }

        return folded[..length];
    }

    /// <summary>
    /// A <c>to_tsquery</c> text that cannot be a syntax error: each word is a quoted lexeme (quotes doubled,
    /// backslashes escaped), the words are ANDed and the last one matches as a prefix. Null when no word has a
    /// letter or digit.
    /// </summary>
    public static string? ToTsQuery(string search)
    {
        ArgumentNullException.ThrowIfNull(search);

        var terms = Fold(search)
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Where(term => term.Any(char.IsLetterOrDigit))
            .ToList();
        if (terms.Count == 0)
        {
            return null;
        }

        var builder = new StringBuilder();
        foreach (var term in terms)
        {
            if (builder.Length > 0)
            {
                builder.Append(" & ");
            }

            builder.Append('\'')
                .Append(term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal))
                .Append('\'');
        }

        return builder.Append(":*").ToString();
    }

    /// <summary>Lower case, Latin letters without their diacritics, no NUL (PostgreSQL text cannot hold one).</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        // A table rather than Unicode decomposition: with invariant globalization, Normalize leaves text as it is.
        var lower = text.ToLowerInvariant();
        var builder = new StringBuilder(lower.Length);
        var baseIsLatin = false;
        foreach (var c in lower)
        {
            if (c is >= '\u0300' and <= '\u036F' && baseIsLatin)
            {
                continue;
            }

            var folded = c switch
            {
                '\0' => ' ',
                >= '\u00E0' and <= '\u00FF' => Latin1[c - '\u00E0'],
                >= '\u0100' and <= '\u017F' => LatinExtendedA[c - '\u0100'],
                _ => c,
            };
            baseIsLatin = folded is >= 'a' and <= 'z' || c is >= '\u00E0' and <= '\u024F';
            builder.Append(folded);
        }

        return builder.ToString();
    }

    // U+00E0..U+00FF and U+0100..U+017F, each letter with a diacritic replaced by its base letter.
    private const string Latin1 = "aaaaaa\u00E6ceeeeiiii\u00F0nooooo\u00F7\u00F8uuuuy\u00FEy";

    private const string LatinExtendedA =
        "aaaaaaccccccccdd" + "ddeeeeeeeeeegggg" + "gggghhhhiiiiiiii" + "ii\u0133\u0133jjkk\u0138lllllll"
        + "lllnnnnnnn\u014B\u014Boooo" + "oo\u0153\u0153rrrrrrssssss" + "ssttttttuuuuuuuu" + "uuuuwwyyyzzzzzzs";
}
