namespace LlmIntercept.Plugins;

/// <summary>URL helpers shared by upstream adapters: recognise a full chat-completions URL, extend a base URL.</summary>
public static class ChatCompletionsPath
{
    /// <summary>The path segment every OpenAI-compatible chat-completions endpoint ends with.</summary>
    public const string Suffix = "/chat/completions";

    /// <summary>Whether <paramref name="url"/> already points at a chat-completions endpoint (a trailing slash is allowed).</summary>
    public static bool IsChatCompletions(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.AbsolutePath.TrimEnd('/').EndsWith(Suffix, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether <paramref name="url"/> has no path beyond <c>/</c>.</summary>
    public static bool HasNoPath(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.AbsolutePath.Trim('/').Length == 0;
    }

    /// <summary>
    /// Appends <paramref name="relativePath"/> (which starts with <c>/</c>) to the path of <paramref name="baseUrl"/>,
    /// keeping its scheme, host, port and query string.
    /// </summary>
    public static Uri Append(Uri baseUrl, string relativePath)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentException.ThrowIfNullOrEmpty(relativePath);

        var builder = new UriBuilder(baseUrl)
        {
            Path = baseUrl.AbsolutePath.TrimEnd('/') + relativePath,
        };
        return builder.Uri;
    }
}
