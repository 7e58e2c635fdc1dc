using System.Globalization;
using LlmIntercept.Cli.Commands;

namespace LlmIntercept.Cli.Export;

/// <summary>An age such as <c>90d</c>, <c>36h</c> or <c>2w</c>.</summary>
internal static class RetentionAge
{
    public static TimeSpan Parse(string value)
    {
        var text = value.Trim().ToLowerInvariant();
        if (text.Length >= 2
            && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
            && amount > 0)
        {
            switch (text[^1])
            {
                case 'h':
                    return TimeSpan.FromHours(amount);
                case 'd':
                    return TimeSpan.FromDays(amount);
                case 'w':
                    return TimeSpan.FromDays(7.0 * amount);
            }
        }

        throw new CliUsageException($"--older-than: '{value}' is not an age; use a number with d, h or w (90d, 36h, 2w)");
    }
}
