namespace LlmIntercept.Plugins.Hosting.Upstream;

/// <summary>
/// Picks the upstream adapter for the configured base URL: the one the user named (<c>UPSTREAM</c>,
/// <c>--upstream</c>), else the first that recognises the URL, else none (the proxy then uses its generic
/// pass-through adapter).
/// </summary>
public static class UpstreamAdapterSelector
{
    /// <summary>Returns the selected adapter, or null when none is named and none matches.</summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="upstreamName"/> names no loaded adapter; the message lists the loaded ones.
    /// </exception>
    public static IUpstreamAdapter? Select(IReadOnlyList<IUpstreamAdapter> adapters, string? upstreamName, Uri baseUrl)
    {
        if (!TrySelect(adapters, upstreamName, baseUrl, out var adapter, out var error))
        {
            throw new ArgumentException(error, nameof(upstreamName));
        }

        return adapter;
    }

    /// <summary>As <see cref="Select"/>, reporting an unknown name as <paramref name="error"/> instead of throwing.</summary>
    public static bool TrySelect(
        IReadOnlyList<IUpstreamAdapter> adapters,
        string? upstreamName,
        Uri baseUrl,
        out IUpstreamAdapter? adapter,
        out string error)
    {
        ArgumentNullException.ThrowIfNull(adapters);
        ArgumentNullException.ThrowIfNull(baseUrl);
        error = "";

        if (string.IsNullOrWhiteSpace(upstreamName))
        {
            adapter = adapters.FirstOrDefault(a => a.Matches(baseUrl));
            return true;
        }

        var name = upstreamName.Trim();
        adapter = adapters.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));
        if (adapter is not null)
        {
            return true;
        }

        var loaded = adapters.Count == 0 ? "none (is the plugins folder there?)" : string.Join(", ", adapters.Select(a => a.Name));
        error = $"UPSTREAM: unknown upstream '{name}'; loaded adapters: {loaded}";
        return false;
    }
}
