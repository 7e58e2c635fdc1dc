using LlmIntercept.Plugins;

namespace LlmIntercept.Upstream.OpenRouter;

/// <summary>
/// OpenRouter (<c>openrouter.ai</c>): OpenAI's request shape and bearer key, reasoning streamed as <c>reasoning</c>,
/// <c>: OPENROUTER PROCESSING</c> keep-alive comments and errors sent inside a 200 stream
/// (https://openrouter.ai/docs/api-reference/streaming, https://openrouter.ai/docs/api-reference/errors).
/// </summary>
internal sealed class OpenRouterAdapter : IUpstreamAdapter
{
    private static readonly Uri DefaultUrl = new("https://openrouter.ai/api/v1/chat/completions");

    public string Name => "openrouter";

    public string Description => "OpenRouter (openrouter.ai): bearer key, usage on request, reasoning as 'reasoning'";

    public Uri? DefaultBaseUrl => DefaultUrl;

    public bool SupportsStreamUsageOption => true;

    public UpstreamQuirks KnownQuirks =>
        UpstreamQuirks.CommentKeepAlives | UpstreamQuirks.ReasoningField | UpstreamQuirks.MidStreamErrors;

    public bool Matches(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        return baseUrl.Host.Equals("openrouter.ai", StringComparison.OrdinalIgnoreCase)
            || baseUrl.Host.EndsWith(".openrouter.ai", StringComparison.OrdinalIgnoreCase);
    }

    public Uri ResolveChatCompletionsUri(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (ChatCompletionsPath.IsChatCompletions(baseUrl))
        {
            return baseUrl;
        }

        return ChatCompletionsPath.HasNoPath(baseUrl)
            ? ChatCompletionsPath.Append(baseUrl, "/api/v1" + ChatCompletionsPath.Suffix)
            : ChatCompletionsPath.Append(baseUrl, ChatCompletionsPath.Suffix);
    }

    // The client's "Authorization: Bearer" key is what OpenRouter expects; its optional attribution headers
    // (HTTP-Referer, X-Title) are the client's to send.
    public void PrepareRequest(HttpRequestMessage request) => ArgumentNullException.ThrowIfNull(request);
}
