using LlmIntercept.Plugins.Hosting.Upstream;
using LlmIntercept.Plugins.Tests.Infrastructure;

namespace LlmIntercept.Plugins.Tests.Upstream;

public sealed class UpstreamAdapterSelectorTests(BuiltPlugins plugins) : IClassFixture<BuiltPlugins>
{
    [Theory]
    [InlineData(null, "https://openrouter.ai/api/v1/chat/completions", "openrouter")]
    [InlineData(null, "https://api.openai.com/v1", "openai")]
    [InlineData(null, "https://contoso.openai.azure.com/openai/deployments/x?api-version=2024-10-21", "azure")]
    [InlineData(null, "http://localhost:11434", "ollama")]
    [InlineData("azure", "https://gateway.internal.example/openai/deployments/x", "azure")]
    [InlineData("OpenAI", "https://proxy.example/v1", "openai")]
    public void Select_NameOrUrl_PicksAdapter(string? name, string baseUrl, string expected)
    {
        var adapter = UpstreamAdapterSelector.Select(plugins.Catalog.Adapters, name, new Uri(baseUrl));

        Assert.Equal(expected, adapter?.Name);
    }

    [Fact]
    public void Select_NoNameAndUnknownHost_ReturnsNullForTheGenericAdapter()
    {
        var adapter = UpstreamAdapterSelector.Select(
            plugins.Catalog.Adapters, upstreamName: "", new Uri("https://llm.example.com/v1/chat/completions"));

        Assert.Null(adapter);
    }

    [Fact]
    public void Select_UnknownName_ErrorListsLoadedAdapters()
    {
        var error = Assert.Throws<ArgumentException>(() => UpstreamAdapterSelector.Select(
            plugins.Catalog.Adapters, "anthropic", new Uri("https://api.anthropic.com/v1")));

        Assert.StartsWith("UPSTREAM: unknown upstream 'anthropic'; loaded adapters: ", error.Message);
        foreach (var name in new[] { "azure", "ollama", "openai", "openrouter" })
        {
            Assert.Contains(name, error.Message);
        }
    }
}
