using LlmIntercept.Store.Curation;

namespace LlmIntercept.Proxy.Capture;

/// <summary>Normalises the <c>X-Intercept-Tags</c> header into the stored comma-wrapped form (<c>,a,b,</c>).</summary>
internal static class TagHeader
{
    public const int MaxTags = 32;

    public static string Normalize(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return "";
        }

        // One spelling for tags everywhere: the dashboard's review actions and filters use the same rule.
        var tags = header
            .Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(TagNames.Normalize)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Take(MaxTags)
            .ToList();
        return tags.Count == 0 ? "" : "," + string.Join(',', tags) + ",";
    }
}
