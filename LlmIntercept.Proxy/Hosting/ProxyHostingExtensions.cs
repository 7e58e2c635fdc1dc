namespace LlmIntercept.Proxy.Hosting;

public static class ProxyHostingExtensions
{
    public static WebApplicationBuilder AddInterceptProxy(this WebApplicationBuilder builder) => builder;

    public static WebApplication MapInterceptProxy(this WebApplication app) => app;
}
