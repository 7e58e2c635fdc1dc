namespace LlmIntercept.Proxy.Capture;

/// <summary>Normalises the <c>X-Intercept-Tags</c> header into the stored comma-wrapped form (<c>,a,b,</c>).</summary>
internal static class TagHeader
{
    public const int MaxTags = 32;
    public const int MaxTagLength = 64;

    public static string Normalize(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return "";
        }

        var tags = header
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(tag => tag.ToLowerInvariant())
            .Where(tag => tag.Length <= MaxTagLength)
            .Distinct(StringComparer.Ordinal)
            .Take(MaxTags)
            .ToList();
        return tags.Count == 0 ? "" : "," + string.Join(',', tags) + ",";
    }
}
