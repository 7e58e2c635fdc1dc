using LlmIntercept.Plugins.Hosting;
using LlmIntercept.Proxy.Capture;
using LlmIntercept.Proxy.Configuration;
using LlmIntercept.Proxy.Forwarding;
using LlmIntercept.Proxy.Storage;
using LlmIntercept.Proxy.Telemetry;
using LlmIntercept.Store;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LlmIntercept.Proxy.Hosting;

/// <summary>Adds the proxy to a web application: its own service, or part of <c>llm-intercept serve</c>.</summary>
public static class ProxyHostingExtensions
{
    public const string ChatCompletionsPath = "/v1/chat/completions";

    public static WebApplicationBuilder AddInterceptProxy(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var options = ProxyOptionsLoader.Load(builder.Configuration);
        var services = builder.Services;
        services.AddSingleton(Options.Create(options));
        services.AddInterceptStore(options.ParsedDatabaseUrl);
        if (!services.Any(d => d.ServiceType == typeof(IPluginCatalog)))
        {
            services.AddInterceptPlugins(builder.Configuration);
        }
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<UpstreamTargetProvider>();
        services.AddSingleton(_ => UpstreamHandlerFactory.Create(options));
        services.AddSingleton<ChatCompletionsForwarder>();
        services.AddSingleton<RecordBuilder>();
        services.AddSingleton<ProxyTelemetry>();
        services.AddSingleton<CaptureQueue>();
        services.AddSingleton<StoreState>();
        services.AddHostedService<CaptureWriter>();
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");

        // Enough time at stop for the queue to drain into the store.
        services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        return builder;
    }

    public static WebApplication MapInterceptProxy(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Resolve the upstream now, so a bad UPSTREAM name stops the start instead of failing the first call.
        _ = app.Services.GetRequiredService<UpstreamTargetProvider>().Current;

        app.MapPost(ChatCompletionsPath, (HttpContext context, ChatCompletionsForwarder forwarder) =>
            forwarder.ForwardAsync(context));
        app.MapFallback("/v1/{**path}", (HttpContext context) => NotFound(context));
        return app;
    }

    private static IResult NotFound(HttpContext context) => Results.Json(
        new
        {
            error = new
            {
                message = $"This proxy serves POST {ChatCompletionsPath}; {context.Request.Method} "
                    + $"{context.Request.Path} is not supported.",
                type = "invalid_request_error",
                code = "unknown_url",
            },
        },
        statusCode: StatusCodes.Status404NotFound);
}
