using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace LlmIntercept.Plugins.Hosting.Curation;

/// <summary>
/// Finds personal data in free text and replaces it with typed placeholders. Recognisers run in a fixed order
/// (keys and tokens, emails, IBANs, card numbers, IP addresses, phone numbers) so a longer, more specific match
/// is replaced before a looser pattern could take part of it. Numbers are checked, not just matched: cards by
/// the Luhn checksum, IBANs by ISO 13616 mod-97, IP addresses by the platform's parser.
/// </summary>
/// <remarks>
/// Microsoft.Extensions.Compliance.Redaction redacts values a program already classified (log properties); it
/// has no recogniser for personal data inside free text, which is what prompts are, so these are written here.
/// </remarks>
internal static partial class PiiRedactor
{
    /// <summary>Returns <paramref name="text"/> with every recognised item replaced, counting each in <paramref name="counts"/>.</summary>
    public static string Redact(string text, RedactionCounts counts)
    {
        if (text.Length < 6)
        {
            return text;
        }

        text = Replace(text, ApiKeyPattern(), PiiKinds.ApiKey, counts, static _ => true);
        text = Replace(text, EmailPattern(), PiiKinds.Email, counts, static _ => true);
        text = Replace(text, IbanPattern(), PiiKinds.Iban, counts, IsIban);
        text = Replace(text, CardPattern(), PiiKinds.CreditCard, counts, IsCardNumber);
        text = Replace(text, Ipv6Pattern(), PiiKinds.IpAddress, counts, IsIpv6);
        text = Replace(text, Ipv4Pattern(), PiiKinds.IpAddress, counts, static _ => true);
        return Replace(text, PhonePattern(), PiiKinds.Phone, counts, IsPhone);
    }

    private static string Replace(string text, Regex pattern, string kind, RedactionCounts counts, Func<string, bool> check) =>
        pattern.Replace(text, match =>
        {
            if (!check(match.Value))
            {
                return match.Value;
            }

            counts.Add(kind);
            return PiiKinds.Placeholder(kind);
        });

    public static bool IsCardNumber(string candidate)
    {
        var digits = candidate.Where(char.IsAsciiDigit).Select(c => c - '0').ToArray();
        if (digits.Length is < 13 or > 19 || !HasCardPrefix(digits))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[digits.Length - 1 - i];
            if (i % 2 == 1)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
        }

        return sum % 10 == 0;
    }

    // Issuer prefixes of the card networks (Visa 4, Mastercard 51-55 and 2221-2720, Amex 34/37, Diners 30/36/38,
    // JCB 35, Discover and UnionPay 6): long numbers that pass Luhn by chance, such as millisecond timestamps
    // (17...), are not cards.
    private static bool HasCardPrefix(int[] digits)
    {
        var two = (digits[0] * 10) + digits[1];
        var four = (two * 100) + (digits[2] * 10) + digits[3];
        return digits[0] is 4 or 6
            || two is >= 51 and <= 55 or 30 or 34 or 35 or 36 or 37 or 38
            || four is >= 2221 and <= 2720;
    }

    /// <summary>ISO 13616: move the first four characters to the end, letters to 10..35, the number mod 97 is 1.</summary>
    public static bool IsIban(string candidate)
    {
        var compact = new string(candidate.Where(c => c != ' ').ToArray()).ToUpperInvariant();
        if (compact.Length is < 15 or > 34)
        {
            return false;
        }

        var remainder = 0;
        foreach (var c in compact[4..] + compact[..4])
        {
            var value = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = value > 9 ? ((remainder * 100) + value) % 97 : ((remainder * 10) + value) % 97;
        }

        return remainder == 1;
    }

    // At least two non-empty groups: "::" and "::1" (as in "x :: Int" or loopback) are not personal data.
    private static bool IsIpv6(string candidate) =>
        candidate.Split(':', StringSplitOptions.RemoveEmptyEntries).Length >= 2
        && candidate.Count(c => c == ':') >= 2
        && (candidate.Contains("::", StringComparison.Ordinal) || candidate.Count(c => c == ':') == 7)
        && IPAddress.TryParse(candidate, out var address)
        && address.AddressFamily == AddressFamily.InterNetworkV6;

    private static bool IsPhone(string candidate)
    {
        var digits = candidate.Count(char.IsAsciiDigit);
        return digits is >= 7 and <= 15;
    }

    // OpenAI/Anthropic (sk-...), GitHub (ghp_, github_pat_), AWS access key ids, Slack, Google API keys, JWTs and
    // bearer tokens: the shapes that commonly leak into prompts.
    [GeneratedRegex(
        @"\b(?:sk-(?:ant-|proj-)?[A-Za-z0-9_\-]{20,}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,}"
        + @"|AKIA[0-9A-Z]{16}|xox[abprs]-[A-Za-z0-9\-]{10,}|AIza[0-9A-Za-z_\-]{35}"
        + @"|eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,})"
        + @"|(?<=\b[Bb]earer\s)[A-Za-z0-9._\-~+/]{20,}=*",
        RegexOptions.CultureInvariant)]
    private static partial Regex ApiKeyPattern();

    [GeneratedRegex(@"\b[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}\b", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b", RegexOptions.CultureInvariant)]
    private static partial Regex IbanPattern();

    [GeneratedRegex(@"(?<![\d.])\d(?:[ \-]?\d){12,18}(?![\d.])", RegexOptions.CultureInvariant)]
    private static partial Regex CardPattern();

    [GeneratedRegex(@"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])", RegexOptions.CultureInvariant)]
    private static partial Regex Ipv6Pattern();

    [GeneratedRegex(
        @"(?<![\w.])(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(?![\w.])",
        RegexOptions.CultureInvariant)]
    private static partial Regex Ipv4Pattern();

    // International numbers (+country ...) and North-American style (555) 123-4567 / 555-123-4567.
    [GeneratedRegex(
        @"(?<![\w+])(?:\+\d{1,3}[ .\-]?(?:\(\d{1,4}\)[ .\-]?)?\d{1,4}(?:[ .\-]?\d{2,4}){1,4}"
        + @"|\(\d{3}\)[ .\-]?\d{3}[ .\-]\d{4}|\d{3}[.\-]\d{3}[.\-]\d{4})(?![\w])",
        RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();
}
