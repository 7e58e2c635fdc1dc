using LlmIntercept.Store;

namespace LlmIntercept.Proxy.Configuration;

/// <summary>
/// The proxy's settings. The first three use the original tool's environment names (<c>BASE_URL</c>,
/// <c>DATABASE_URL</c>, <c>UPSTREAM</c>) at the root of configuration; tuning lives under <c>Proxy:</c>.
/// </summary>
internal sealed record ProxyOptions
{
    public const string DefaultBaseUrl = "https://openrouter.ai/api/v1/chat/completions";

    /// <summary>The upstream chat-completions URL, query string included. Default: OpenRouter.</summary>
    public string BaseUrl { get; init; } = DefaultBaseUrl;

    /// <summary>The upstream adapter by name; null to pick one from the base URL's host.</summary>
    public string? Upstream { get; init; }

    public string DatabaseUrl { get; init; } = Store.DatabaseUrl.Default;

    /// <summary>Largest accepted request body; larger ones get 413. Default 32 MiB.</summary>
    public long MaxRequestBodyBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>Most response bytes kept for the record; the client always gets them all. Default 64 MiB.</summary>
    public int CaptureLimitBytes { get; init; } = 64 * 1024 * 1024;

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the upstream may take to send its response headers (a long non-streamed generation).</summary>
    public TimeSpan ResponseHeadersTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a response may go without a single byte once it has started.</summary>
    public TimeSpan StreamIdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Records waiting for the store; past this, new records are dropped and counted.</summary>
    public int QueueCapacity { get; init; } = 20_000;

    public int BatchSize { get; init; } = 256;

    /// <summary>
    /// How long a batch waits for a SQLite file that another process holds locked before the attempt counts as a
    /// failure (logged, counted, shown by <c>/health</c>) and is retried. Default 5 s.
    /// </summary>
    public TimeSpan StoreBusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Ask usage-capable upstreams for stream usage when the client did not (the event is withheld from it).</summary>
    public bool RequestStreamUsage { get; init; }

    /// <summary>The parsed <see cref="DatabaseUrl"/>; valid once <see cref="Validate"/> passed.</summary>
    public DatabaseUrl ParsedDatabaseUrl => Store.DatabaseUrl.Parse(DatabaseUrl);

    public IEnumerable<string> Validate()
    {
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            yield return $"BASE_URL must be an absolute http(s) URL, not '{BaseUrl}'.";
        }

        if (!Store.DatabaseUrl.TryParse(DatabaseUrl, out _, out var error))
        {
            yield return $"DATABASE_URL: {error}.";
        }

        if (MaxRequestBodyBytes < 1024)
        {
            yield return "Proxy:MaxRequestBodyBytes must be at least 1024.";
        }

        if (QueueCapacity < 1 || BatchSize < 1)
        {
            yield return "Proxy:QueueCapacity and Proxy:BatchSize must be positive.";
        }

        if (StoreBusyTimeout < TimeSpan.FromSeconds(1))
        {
            yield return "Proxy:StoreBusyTimeout must be at least 1 second.";
        }
    }
}
