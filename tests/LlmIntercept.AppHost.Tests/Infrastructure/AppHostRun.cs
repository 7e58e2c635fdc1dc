using LlmIntercept.AppHost.Orchestration;
using Microsoft.Extensions.DependencyInjection;

namespace LlmIntercept.AppHost.Tests.Infrastructure;

/// <summary>
/// The real AppHost, headless, with its parameters given on the command line as a user would: free ports, a
/// SQLite file in a temporary folder, a known password and the given upstream.
/// </summary>
internal sealed class AppHostRun : IAsyncDisposable
{
    public const string Password = "apphost-test-password-Q7v2";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private AppHostRun(DistributedApplication app, string folder, string databaseUrl)
    {
        App = app;
        Folder = folder;
        DatabaseUrl = databaseUrl;
    }

    public DistributedApplication App { get; }

    public string Folder { get; }

    public string DatabaseUrl { get; }

    public Uri ProxyUri => App.GetEndpoint(ServiceResources.ProxyName, "http");

    public Uri DashboardUri => App.GetEndpoint(ServiceResources.DashboardName, "http");

    /// <summary>The AppHost's command line for these values, <c>--headless</c> last (it takes no value).</summary>
    public static string[] Arguments(Uri upstream, string databaseUrl, int proxyPort, int dashboardPort) =>
    [
        $"--Parameters:{InterceptParameters.UpstreamBaseUrlName}={upstream}",
        $"--Parameters:{InterceptParameters.DatabaseUrlName}={databaseUrl}",
        $"--Parameters:{AdminPasswordParameter.Name}={Password}",
        $"--Ports:{ServiceResources.ProxyName}={proxyPort}",
        $"--Ports:{ServiceResources.DashboardName}={dashboardPort}",
        HeadlessMode.Flag,
    ];

    public static string TemporaryDatabaseUrl(string folder) => "sqlite:///" + Path.Combine(folder, "intercept.db");

    /// <summary>Builds the AppHost's model without starting anything.</summary>
    public static async Task<DistributedApplication> BuildAsync(string[] args, CancellationToken cancellation)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.LlmIntercept_AppHost>(
            args, cancellation);
        return await builder.BuildAsync(cancellation);
    }

    /// <summary>Starts the AppHost and waits until the proxy and the dashboard report healthy.</summary>
    public static async Task<AppHostRun> StartAsync(Uri upstream)
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var folder = Directory.CreateTempSubdirectory("llm-intercept-apphost-").FullName;
        var databaseUrl = TemporaryDatabaseUrl(folder);
        var args = Arguments(upstream, databaseUrl, FreePort.Next(), FreePort.Next());

        var app = await BuildAsync(args, timeout.Token);
        await app.StartAsync(timeout.Token);
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        await notifications.WaitForResourceHealthyAsync(ServiceResources.ProxyName, timeout.Token);
        await notifications.WaitForResourceHealthyAsync(ServiceResources.DashboardName, timeout.Token);
        return new AppHostRun(app, folder, databaseUrl);
    }

    /// <summary>The process id the orchestrator reports for a service.</summary>
    public int ProcessIdOf(string resourceName)
    {
        var notifications = App.Services.GetRequiredService<ResourceNotificationService>();
        Assert.True(notifications.TryGetCurrentState(resourceName, out var state), $"no state for {resourceName}");
        var pid = state!.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value;
        return Convert.ToInt32(pid, System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file a stopping service still holds is left for the OS to clean.
        }
    }
}
