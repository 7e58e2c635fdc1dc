using LlmIntercept.Dashboard.Hosting;
using LlmIntercept.Proxy.Hosting;

namespace LlmIntercept.Cli.Hosting;

/// <summary>Builds the single-process host of <c>serve</c>: proxy, dashboard under <c>/admin</c>, health.</summary>
internal static class ServeHost
{
    public const string DashboardPath = "/admin";

    public static WebApplication Build(ServeSettings settings, string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(settings.ToConfiguration());
        builder.AddServiceDefaults();
        builder.AddInterceptProxy();
        builder.AddInterceptDashboard();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapInterceptProxy();
        app.MapInterceptDashboard(DashboardPath);
        return app;
    }
}
