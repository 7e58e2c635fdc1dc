using LlmIntercept.Plugins.Tests.Infrastructure;

namespace LlmIntercept.Plugins.Tests.Upstream;

/// <summary>The four adapter plugins, loaded from the plugins folder the way the proxy loads them.</summary>
public sealed class UpstreamAdapterTests(BuiltPlugins plugins) : IClassFixture<BuiltPlugins>
{
    [Theory]
    [InlineData("openrouter", "https://openrouter.ai", "https://openrouter.ai/api/v1/chat/completions")]
    [InlineData("openrouter", "https://openrouter.ai/api/v1", "https://openrouter.ai/api/v1/chat/completions")]
    [InlineData("openrouter", "https://openrouter.ai/api/v1/chat/completions", "https://openrouter.ai/api/v1/chat/completions")]
    [InlineData("openai", "https://api.openai.com", "https://api.openai.com/v1/chat/completions")]
    [InlineData("openai", "https://api.openai.com/v1/", "https://api.openai.com/v1/chat/completions")]
    [InlineData("ollama", "http://localhost:11434", "http://localhost:11434/v1/chat/completions")]
    [InlineData("ollama", "http://gpu-box:11434/", "http://gpu-box:11434/v1/chat/completions")]
    [InlineData("ollama", "http://gpu-box:11434/v1", "http://gpu-box:11434/v1/chat/completions")]
    [InlineData("ollama", "http://gpu-box:11434/v1/chat/completions", "http://gpu-box:11434/v1/chat/completions")]
    [InlineData(
        "azure",
        "https://contoso.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21",
        "https://contoso.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21")]
    [InlineData(
        "azure",
        "https://contoso.openai.azure.com/openai/deployments/gpt4o?api-version=2025-01-01-preview",
        "https://contoso.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2025-01-01-preview")]
    [InlineData(
        "azure",
        "https://contoso.cognitiveservices.azure.com/openai/deployments/mini",
        "https://contoso.cognitiveservices.azure.com/openai/deployments/mini/chat/completions?api-version=2024-10-21")]
    [InlineData(
        "azure",
        "https://contoso.openai.azure.com/openai/v1",
        "https://contoso.openai.azure.com/openai/v1/chat/completions")]
    public void ResolveChatCompletionsUri_BaseUrl_GivesEndpoint(string adapter, string baseUrl, string expected)
    {
        var resolved = plugins.Adapter(adapter).ResolveChatCompletionsUri(new Uri(baseUrl));

        Assert.Equal(expected, resolved.AbsoluteUri);
    }

    [Fact]
    public void ResolveChatCompletionsUri_AzureResourceWithoutDeployment_ThrowsNamingTheShape()
    {
        var azure = plugins.Adapter("azure");

        var error = Assert.Throws<ArgumentException>(
            () => azure.ResolveChatCompletionsUri(new Uri("https://contoso.openai.azure.com/")));

        Assert.Contains("/openai/deployments/{deployment}/chat/completions?api-version=", error.Message);
    }

    [Theory]
    [InlineData("openrouter", "https://openrouter.ai/api/v1/chat/completions", true)]
    [InlineData("openrouter", "https://api.openai.com/v1", false)]
    [InlineData("openai", "https://api.openai.com/v1", true)]
    [InlineData("openai", "https://openrouter.ai/api/v1", false)]
    [InlineData("azure", "https://contoso.openai.azure.com/openai/deployments/x", true)]
    [InlineData("azure", "https://contoso.cognitiveservices.azure.com/openai/deployments/x", true)]
    [InlineData("azure", "https://azure.example.com/openai/deployments/x", false)]
    [InlineData("ollama", "http://localhost:11434", true)]
    [InlineData("ollama", "http://10.0.0.5:11434/v1", true)]
    [InlineData("ollama", "http://localhost:8080/v1", false)]
    public void Matches_BaseUrl_RecognisesItsProvider(string adapter, string baseUrl, bool expected)
    {
        Assert.Equal(expected, plugins.Adapter(adapter).Matches(new Uri(baseUrl)));
    }

    [Fact]
    public void PrepareRequest_AzureWithBearerKey_SendsApiKeyHeaderInstead()
    {
        var request = ClientRequest();
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer sk-azure-123");

        plugins.Adapter("azure").PrepareRequest(request);

        Assert.Null(request.Headers.Authorization);
        Assert.Equal(["sk-azure-123"], request.Headers.GetValues("api-key"));
    }

    [Fact]
    public void PrepareRequest_AzureWithClientApiKey_KeepsClientHeaders()
    {
        var request = ClientRequest();
        request.Headers.TryAddWithoutValidation("api-key", "client-key");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer other");

        plugins.Adapter("azure").PrepareRequest(request);

        Assert.Equal(["client-key"], request.Headers.GetValues("api-key"));
        Assert.Equal("other", request.Headers.Authorization?.Parameter);
    }

    [Fact]
    public void PrepareRequest_AzureWithEntraIdToken_KeepsBearer()
    {
        var request = ClientRequest();
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl");

        plugins.Adapter("azure").PrepareRequest(request);

        Assert.Equal("Bearer", request.Headers.Authorization?.Scheme);
        Assert.False(request.Headers.Contains("api-key"));
    }

    [Fact]
    public void PrepareRequest_Ollama_RemovesAuthorization()
    {
        var request = ClientRequest();
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer ollama");

        plugins.Adapter("ollama").PrepareRequest(request);

        Assert.Null(request.Headers.Authorization);
        Assert.Equal("trace-1", request.Headers.GetValues("X-Trace").Single());
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("openrouter")]
    public void PrepareRequest_BearerProviders_KeepClientKey(string adapter)
    {
        var request = ClientRequest();
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer sk-client");

        plugins.Adapter(adapter).PrepareRequest(request);

        Assert.Equal("sk-client", request.Headers.Authorization?.Parameter);
        Assert.False(request.Headers.Contains("api-key"));
    }

    [Theory]
    [InlineData("openai", true, UpstreamQuirks.MidStreamErrors)]
    [InlineData("openrouter", true,
        UpstreamQuirks.CommentKeepAlives | UpstreamQuirks.ReasoningField | UpstreamQuirks.MidStreamErrors)]
    [InlineData("azure", true, UpstreamQuirks.FilterAnnotationEvents)]
    [InlineData("ollama", true, UpstreamQuirks.ReasoningField)]
    public void Capabilities_EachProvider_AreDeclared(string adapter, bool usageOption, UpstreamQuirks quirks)
    {
        var upstream = plugins.Adapter(adapter);

        Assert.Equal(usageOption, upstream.SupportsStreamUsageOption);
        Assert.Equal(quirks, upstream.KnownQuirks);
    }

    [Fact]
    public void DefaultBaseUrl_OpenRouter_IsTheOriginalToolsDefault()
    {
        Assert.Equal(
            "https://openrouter.ai/api/v1/chat/completions",
            plugins.Adapter("openrouter").DefaultBaseUrl?.AbsoluteUri);
        Assert.Null(plugins.Adapter("azure").DefaultBaseUrl);
    }

    private static HttpRequestMessage ClientRequest()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "https://upstream.example/v1/chat/completions");
        request.Headers.TryAddWithoutValidation("X-Trace", "trace-1");
        return request;
    }
}
