namespace LlmIntercept.AppHost.Orchestration;

/// <summary>
/// The values a run is configured with, each read from <c>Parameters:{name}</c> (user secrets, command line or
/// <c>Parameters__{name}</c>) and each with a default, so a run never stops to ask for one.
/// </summary>
internal sealed record InterceptParameters(
    IResourceBuilder<ParameterResource> UpstreamBaseUrl,
    IResourceBuilder<ParameterResource> UpstreamKind,
    IResourceBuilder<ParameterResource> DatabaseUrl,
    AdminPasswordParameter Password)
{
    public const string UpstreamBaseUrlName = "upstream-base-url";
    public const string UpstreamKindName = "upstream-kind";
    public const string DatabaseUrlName = "database-url";
    public const string DefaultUpstreamBaseUrl = "https://openrouter.ai/api/v1/chat/completions";
}

internal static class InterceptParametersExtensions
{
    public static InterceptParameters AddInterceptParameters(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var upstreamBaseUrl = builder
            .AddParameter(
                InterceptParameters.UpstreamBaseUrlName,
                new FixedParameterDefault(InterceptParameters.DefaultUpstreamBaseUrl))
            .WithDescription("Upstream chat-completions URL. Default: OpenRouter.");
        var upstreamKind = builder
            .AddParameter(InterceptParameters.UpstreamKindName, new FixedParameterDefault(""))
            .WithDescription("Upstream adapter: openrouter, openai, azure or ollama. Empty: guessed from the URL.");

        // A PostgreSQL URL carries its password, so the whole URL is treated as a secret.
        var databaseUrl = builder
            .AddParameter(
                InterceptParameters.DatabaseUrlName,
                new FixedParameterDefault(DefaultDatabase.Url(builder)),
                secret: true)
            .WithDescription("Where requests are stored: sqlite:////abs/path.db, postgresql://user:pass@host/db or an "
                + "existing PostgreSQL server's connection string (Host=...;Database=...;Username=...;Password=...).");
        return new InterceptParameters(upstreamBaseUrl, upstreamKind, databaseUrl, AdminPasswordParameter.Add(builder));
    }
}
