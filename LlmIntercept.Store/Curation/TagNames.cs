namespace LlmIntercept.Store.Curation;

/// <summary>
/// The one spelling of a tag: trimmed, lower case, at most 64 characters, no commas (the stored list is
/// comma-wrapped). The proxy's header, the review actions and the filters all go through it.
/// </summary>
public static class TagNames
{
    public const int MaxLength = 64;

    /// <summary>The normalised tag, or null when <paramref name="tag"/> cannot be one.</summary>
    public static string? Normalize(string? tag)
    {
        var trimmed = tag?.Trim().ToLowerInvariant();
        return string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxLength || trimmed.Contains(',', StringComparison.Ordinal)
            ? null
            : trimmed;
    }

    /// <summary>The stored list's form of one tag, for matching: <c>,tag,</c>.</summary>
    public static string Wrapped(string tag) => "," + tag + ",";
}
