using System.Net.Http.Headers;
using LlmIntercept.Plugins;

namespace LlmIntercept.Upstream.Azure;

/// <summary>
/// Azure OpenAI: per-deployment URLs with an <c>api-version</c> query, the key in an <c>api-key</c> header, and
/// content-filter annotation events (empty <c>choices</c>, blank ids) mixed into streams.
/// </summary>
/// <remarks>
/// <c>stream_options.include_usage</c> is accepted from api-version 2024-09-01-preview and the 2024-10-21 GA on;
/// older versions reject it, so a user who pins one must leave usage requests off.
/// </remarks>
internal sealed class AzureOpenAIAdapter : IUpstreamAdapter
{
    public const string ApiKeyHeader = "api-key";

    public string Name => "azure";

    public string Description =>
        "Azure OpenAI (*.openai.azure.com): deployment URL with api-version, key sent as api-key";

    public bool SupportsStreamUsageOption => true;

    public UpstreamQuirks KnownQuirks => UpstreamQuirks.FilterAnnotationEvents;

    public bool Matches(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        return AzureUrls.IsAzureHost(baseUrl.Host);
    }

    public Uri ResolveChatCompletionsUri(Uri baseUrl) => AzureUrls.ResolveChatCompletions(baseUrl);

    public void PrepareRequest(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers.Contains(ApiKeyHeader))
        {
            return;
        }

        if (request.Headers.Authorization is not { } authorization || !IsApiKey(authorization))
        {
            return;
        }

        request.Headers.Authorization = null;
        request.Headers.TryAddWithoutValidation(ApiKeyHeader, authorization.Parameter);
    }

    // A Microsoft Entra ID access token (a JWT: three dot-separated parts) is a valid Azure bearer credential and
    // stays where it is; anything else in "Bearer" is the resource key an OpenAI SDK was handed.
    private static bool IsApiKey(AuthenticationHeaderValue authorization) =>
        authorization.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)
        && !string.IsNullOrWhiteSpace(authorization.Parameter)
        && authorization.Parameter.Count(c => c == '.') != 2;
}
