using LlmIntercept.Plugins;

namespace LlmIntercept.Upstream.OpenAI;

/// <summary>
/// OpenAI (<c>api.openai.com</c>): the reference shape. Errors can arrive as a bare <c>{"error":...}</c> event
/// inside a 200 stream; usage is sent only when <c>stream_options.include_usage</c> asks for it.
/// </summary>
internal sealed class OpenAIAdapter : IUpstreamAdapter
{
    private static readonly Uri DefaultUrl = new("https://api.openai.com/v1/chat/completions");

    public string Name => "openai";

    public string Description => "OpenAI (api.openai.com): bearer key, usage on request";

    public Uri? DefaultBaseUrl => DefaultUrl;

    public bool SupportsStreamUsageOption => true;

    public UpstreamQuirks KnownQuirks => UpstreamQuirks.MidStreamErrors;

    public bool Matches(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        return baseUrl.Host.Equals("api.openai.com", StringComparison.OrdinalIgnoreCase);
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

    // OpenAI takes the client's own "Authorization: Bearer" and OpenAI-Organization/OpenAI-Project headers as sent.
    public void PrepareRequest(HttpRequestMessage request) => ArgumentNullException.ThrowIfNull(request);
}
