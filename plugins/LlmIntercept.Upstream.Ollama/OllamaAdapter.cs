using LlmIntercept.Plugins;

namespace LlmIntercept.Upstream.Ollama;

/// <summary>
/// Ollama's OpenAI-compatible endpoint (port 11434, <c>/v1/chat/completions</c>). It needs no key, streams
/// reasoning as <c>reasoning</c>, and documents <c>stream_options.include_usage</c> among its supported request
/// fields (https://docs.ollama.com/api/openai-compatibility).
/// </summary>
internal sealed class OllamaAdapter : IUpstreamAdapter
{
    public const int DefaultPort = 11434;

    private static readonly Uri DefaultUrl = new("http://localhost:11434/v1/chat/completions");

    public string Name => "ollama";

    public string Description => "Ollama (port 11434): no key sent, /v1/chat/completions added to a bare host";

    public Uri? DefaultBaseUrl => DefaultUrl;

    public bool SupportsStreamUsageOption => true;

    public UpstreamQuirks KnownQuirks => UpstreamQuirks.ReasoningField;

    public bool Matches(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        return baseUrl.Port == DefaultPort;
    }

    public Uri ResolveChatCompletionsUri(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (ChatCompletionsPath.IsChatCompletions(baseUrl))
        {
            return baseUrl;
        }

        return ChatCompletionsPath.HasNoPath(baseUrl)
            ? ChatCompletionsPath.Append(baseUrl, "/v1" + ChatCompletionsPath.Suffix)
            : ChatCompletionsPath.Append(baseUrl, ChatCompletionsPath.Suffix);
    }

    // OpenAI SDKs insist on a key, so clients send a placeholder; Ollama ignores it, and a real key the client
    // holds for another provider has no business reaching a local server.
    public void PrepareRequest(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Authorization = null;
    }
}
