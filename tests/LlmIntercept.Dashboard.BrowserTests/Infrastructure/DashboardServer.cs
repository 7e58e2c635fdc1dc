using LlmIntercept.Dashboard.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LlmIntercept.Dashboard.BrowserTests.Infrastructure;

/// <summary>
/// The real dashboard (the same extensions its Program.cs calls) on Kestrel at 127.0.0.1 with a free port, over
/// a <see cref="TestStore"/>, serving the SPA that the build put beside the test binaries and the exporter plugins.
/// </summary>
internal sealed class DashboardServer : IAsyncDisposable
{
    public const string Password = "correct horse battery staple";

    private readonly WebApplication app;

    private DashboardServer(WebApplication app, Uri home)
    {
        this.app = app;
        Home = home;
    }

    /// <summary>The dashboard's home page, ending in a slash: <c>http://127.0.0.1:port/</c> or <c>.../admin/</c>.</summary>
    public Uri Home { get; }

    public static async Task<DashboardServer> StartAsync(
        TestStore store,
        string pathBase = "",
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ADMIN_PASSWORD"] = Password,
            ["DATABASE_URL"] = store.Url.Display,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.AddInterceptDashboard();

        var app = builder.Build();
        app.MapInterceptDashboard(pathBase);
        await app.StartAsync();

        var address = new Uri(app.Urls.Single());
        return new DashboardServer(app, new Uri(address, pathBase.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
