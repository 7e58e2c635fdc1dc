using LlmIntercept.Plugins;

namespace LlmIntercept.Upstream.Azure;

/// <summary>The URL shapes Azure OpenAI serves chat completions on.</summary>
internal static class AzureUrls
{
    /// <summary>The GA api-version added when a deployment URL names none (Azure rejects a call without it).</summary>
    public const string DefaultApiVersion = "2024-10-21";

    private const string Example =
        "https://{resource}.openai.azure.com/openai/deployments/{deployment}/chat/completions?api-version="
        + DefaultApiVersion;

    private static readonly string[] HostSuffixes =
        [".openai.azure.com", ".cognitiveservices.azure.com", ".services.ai.azure.com"];

    public static bool IsAzureHost(string host) =>
        HostSuffixes.Any(suffix => host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase));

    public static Uri ResolveChatCompletions(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);

        var segments = baseUrl.AbsolutePath.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (IsDeploymentPath(segments))
        {
            var url = ChatCompletionsPath.IsChatCompletions(baseUrl)
                ? baseUrl
                : ChatCompletionsPath.Append(baseUrl, ChatCompletionsPath.Suffix);
            return WithApiVersion(url);
        }

        // The v1 API (/openai/v1/chat/completions) takes the deployment as "model" and needs no api-version.
        if (segments is ["openai", "v1", ..])
        {
            return ChatCompletionsPath.IsChatCompletions(baseUrl)
                ? baseUrl
                : ChatCompletionsPath.Append(baseUrl, ChatCompletionsPath.Suffix);
        }

        if (ChatCompletionsPath.IsChatCompletions(baseUrl))
        {
            return baseUrl;
        }

        throw new ArgumentException(
            $"the Azure OpenAI base URL '{baseUrl.GetLeftPart(UriPartial.Path)}' names no deployment; "
            + $"use {Example} or https://{{resource}}.openai.azure.com/openai/v1",
            nameof(baseUrl));
    }

    private static bool IsDeploymentPath(string[] segments) =>
        segments is ["openai", "deployments", { Length: > 0 }, ..];

    private static Uri WithApiVersion(Uri url)
    {
        if (url.Query.Contains("api-version=", StringComparison.OrdinalIgnoreCase))
        {
            return url;
        }

        var builder = new UriBuilder(url);
        var query = builder.Query.TrimStart('?');
        builder.Query = query.Length == 0
            ? $"api-version={DefaultApiVersion}"
            : $"{query}&api-version={DefaultApiVersion}";
        return builder.Uri;
    }
}
