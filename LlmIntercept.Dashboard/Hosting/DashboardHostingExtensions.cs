using System.Globalization;
using LlmIntercept.Dashboard.Export;
using LlmIntercept.Dashboard.FrontEnd;
using LlmIntercept.Dashboard.GraphQL;
using LlmIntercept.Dashboard.SignIn;
using LlmIntercept.Plugins.Hosting;
using LlmIntercept.Store;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LlmIntercept.Dashboard.Hosting;

/// <summary>
/// Adds the dashboard to a web application: on its own (path base <c>""</c>) or beside the proxy under
/// <c>/admin</c>. It adds no global middleware: every endpoint it maps carries its own session and CSRF checks,
/// and its cookie scheme is named, never the default, so the proxy's paths are untouched.
/// </summary>
public static class DashboardHostingExtensions
{
    /// <summary>
    /// Registers the dashboard's services. Reads <c>ADMIN_PASSWORD</c> (required) and <c>DATABASE_URL</c>
    /// (default <c>sqlite:///./llm_intercept.db</c>); both are validated when the host starts. The store is
    /// registered (once per process) and brought to the current schema at start; the plugin catalog and export
    /// service (<c>AddInterceptPlugins</c>: <c>PLUGINS_DIR</c>, <c>RELOAD</c>) are registered unless the host did.
    /// </summary>
    public static WebApplicationBuilder AddInterceptDashboard(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var services = builder.Services;
        services.AddOptions<DashboardOptions>()
            .Configure<IConfiguration>(Bind)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DashboardOptions>, DashboardOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DashboardMount>();
        services.AddSingleton<FrontEndFiles>();
        services.AddDashboardSignIn();
        services.AddDashboardGraphQL();
        AddStore(builder);
        AddPlugins(builder);
        builder.Logging.AddDashboardLogFilters();
        return builder;
    }

    /// <summary>
    /// Maps the dashboard under <paramref name="pathBase"/> (<c>""</c> or <c>/admin</c>): the SPA, sign-in,
    /// <c>graphql</c>, <c>api/export</c> and <c>graphiql</c>. Call it once.
    /// </summary>
    public static WebApplication MapInterceptDashboard(this WebApplication app, string pathBase = "")
    {
        ArgumentNullException.ThrowIfNull(app);

        var mount = app.Services.GetRequiredService<DashboardMount>();
        mount.Set(DashboardMount.Normalize(pathBase));

        var dashboard = app.MapGroup(mount.PathBase);
        dashboard.MapSignIn();
        dashboard.MapDashboardGraphQL();
        dashboard.MapDashboardExport();
        dashboard.MapFrontEnd();
        app.MapOriginalLink(mount);
        return app;
    }

    private static void Bind(DashboardOptions options, IConfiguration configuration)
    {
        options.DatabaseUrl = configuration[DashboardOptions.DatabaseUrlKey] is { Length: > 0 } url
            ? url
            : DatabaseUrl.Default;
        options.AdminPassword = configuration[DashboardOptions.AdminPasswordKey];
        options.DistPath = configuration[DashboardOptions.DistPathKey];
        if (configuration[DashboardOptions.ExactStatsRowsKey] is { Length: > 0 } exactRows)
        {
            options.ExactStatsRows = long.TryParse(exactRows, NumberStyles.Integer, CultureInfo.InvariantCulture, out var rows)
                ? rows
                : -1;
        }
    }

    private static void AddStore(WebApplicationBuilder builder)
    {
        builder.Services.AddHostedService<DashboardStoreStartup>();

        // An invalid URL registers no store; the options validation then stops the start naming DATABASE_URL.
        // Inside the proxy's process the store is registered once, whoever asks first (AddInterceptStore).
        var value = builder.Configuration[DashboardOptions.DatabaseUrlKey];
        if (DatabaseUrl.TryParse(string.IsNullOrEmpty(value) ? DatabaseUrl.Default : value, out var url, out _))
        {
            builder.Services.AddInterceptStore(url);
        }
    }

    private static void AddPlugins(WebApplicationBuilder builder)
    {
        // The proxy's host may have loaded the plugins already; a second catalog would load them twice.
        if (builder.Services.Any(service => service.ServiceType == typeof(IPluginCatalog)))
        {
            return;
        }

        builder.Services.AddInterceptPlugins(builder.Configuration);
    }
}
