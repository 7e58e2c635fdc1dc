namespace LlmIntercept.Plugins;

/// <summary>
/// Teaches the proxy the conventions of one upstream provider: where its chat-completions endpoint
/// lives, how it wants the client's key, and which optional request features it accepts.
/// </summary>
/// <remarks>
/// One instance serves every request, concurrently; implementations must be thread-safe and should
/// not allocate per call beyond what they add to the request. The request body is never handed to an
/// adapter: the proxy forwards it unchanged.
/// </remarks>
public interface IUpstreamAdapter
{
    /// <summary>The name users select with <c>--upstream</c>, in lower case (for example <c>openrouter</c>).</summary>
    string Name { get; }

    /// <summary>A one-line description shown in <c>/health</c> and the log.</summary>
    string Description { get; }

    /// <summary>
    /// The chat-completions URL used when the user named this adapter but gave no base URL, or null when the
    /// provider has no single public endpoint (Azure resources, self-hosted servers).
    /// </summary>
    Uri? DefaultBaseUrl => null;

    /// <summary>
    /// Whether this adapter recognises the configured base URL (usually by its host). Used only when the user
    /// did not name an adapter; the first match wins.
    /// </summary>
    bool Matches(Uri baseUrl);

    /// <summary>
    /// Turns the configured base URL into the absolute chat-completions URL to call, keeping its query string
    /// (Azure needs <c>api-version</c>). Called once at start, not per request.
    /// </summary>
    Uri ResolveChatCompletionsUri(Uri baseUrl);

    /// <summary>
    /// Adjusts the outgoing request's headers for this provider: how the key is sent, extra headers.
    /// The client's headers (hop-by-hop ones removed) are already on <paramref name="request"/>.
    /// </summary>
    void PrepareRequest(HttpRequestMessage request);

    /// <summary>
    /// Whether the upstream accepts <c>stream_options.include_usage</c>. When the user also turns on
    /// usage requests, the proxy asks for usage on streams whose client did not, and withholds that
    /// usage-only event from the client. Upstreams that reject unknown options must answer <c>false</c>.
    /// </summary>
    bool SupportsStreamUsageOption { get; }

    /// <summary>Stream quirks this provider is known for, for documentation and diagnostics.</summary>
    UpstreamQuirks KnownQuirks { get; }
}

/// <summary>Stream quirks a provider is known for. The proxy's parser tolerates all of them whatever is declared.</summary>
[Flags]
public enum UpstreamQuirks
{
    /// <summary>None known.</summary>
    None = 0,

    /// <summary>SSE comment lines (<c>: PROCESSING</c>) sent as keep-alives.</summary>
    CommentKeepAlives = 1,

    /// <summary>Events with an empty <c>choices</c> array and blank ids (content-filter annotations).</summary>
    FilterAnnotationEvents = 2,

    /// <summary>Usage sent on a chunk that still carries a choice.</summary>
    UsageOnChoiceChunk = 4,

    /// <summary>Reasoning streamed as <c>reasoning</c> rather than <c>reasoning_content</c>.</summary>
    ReasoningField = 8,

    /// <summary>Errors sent as events inside a 200 stream.</summary>
    MidStreamErrors = 16,
}
