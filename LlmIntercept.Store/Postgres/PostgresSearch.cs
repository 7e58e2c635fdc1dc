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

        var length = Math.Min(folded.Length, MaxDocumentBytes);
        while (Encoding.UTF8.GetByteCount(folded.AsSpan(0, length)) > MaxDocumentBytes)
        {
            length -= (length / 8) + 1;
        }

        if (length > 0 && char.IsHighSurrogate(folded[length - 1]))
        {
            length--;
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

        var decomposed = text.Replace('\0', ' ').ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var baseIsLatin = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                if (!baseIsLatin)
                {
                    builder.Append(c);
                }

                continue;
            }

            baseIsLatin = IsLatin(c);
            builder.Append(c);
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    private static bool IsLatin(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '\u00C0' and <= '\u024F') or (>= '\u1E00' and <= '\u1EFF');
}
