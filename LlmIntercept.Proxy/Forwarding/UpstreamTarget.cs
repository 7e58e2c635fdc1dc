using LlmIntercept.Plugins;
using LlmIntercept.Proxy.Telemetry;

namespace LlmIntercept.Proxy.Forwarding;

/// <summary>The one upstream this proxy forwards to: fixed by configuration, never by anything in a request.</summary>
internal sealed record UpstreamTarget(IUpstreamAdapter Adapter, Uri ChatCompletionsUri)
{
    /// <summary>The URL as stored with each record: without its query string, which may carry a key.</summary>
    public string DisplayUrl { get; } = ChatCompletionsUri.GetLeftPart(UriPartial.Path);

    public UriInfo Server { get; } = new(ChatCompletionsUri.Host, ChatCompletionsUri.Port);

    /// <summary>The <c>gen_ai.provider.name</c> for telemetry: the semantic conventions' names where they have one.</summary>
    public string ProviderName { get; } = Adapter.Name switch
    {
        "azure" => "azure.ai.openai",
        "openai-compatible" => "openai",
        var name => name,
    };
}

/// <summary>Used when no adapter plugin matches: forwards to the configured URL as it is, headers untouched.</summary>
internal sealed class OpenAICompatibleAdapter : IUpstreamAdapter
{
    public string Name => "openai-compatible";

    public string Description => "Any OpenAI-compatible server; the URL and headers are used as given.";

    public bool Matches(Uri baseUrl) => true;

    public Uri ResolveChatCompletionsUri(Uri baseUrl) => baseUrl;

    public void PrepareRequest(HttpRequestMessage request)
    {
    }

    public bool SupportsStreamUsageOption => false;

    public UpstreamQuirks KnownQuirks => UpstreamQuirks.None;
}
