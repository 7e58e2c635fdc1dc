using System.Diagnostics;
using LlmIntercept.Dashboard.Hosting;
using LlmIntercept.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace LlmIntercept.Dashboard.Tests.Infrastructure;

/// <summary>What a test needs from its dashboard.</summary>
internal sealed record DashboardHostOptions
{
    public string PathBase { get; init; } = "";

    public bool SeedKnownRequests { get; init; } = true;

    /// <summary>More configuration, on top of the password, store and front end set here.</summary>
    public IReadOnlyDictionary<string, string?>? Settings { get; init; }

    /// <summary>The store; null for a new SQLite file in the host's folder.</summary>
    public string? DatabaseUrl { get; init; }

    public bool BuildFrontEnd { get; init; } = true;

    public TimeProvider? Time { get; init; }

    /// <summary>Every log line, at every level, goes here when set.</summary>
    public CapturedLogs? Logs { get; init; }

    /// <summary>Finished server spans go here when set.</summary>
    public List<Activity>? Spans { get; init; }

    /// <summary>Serve over HTTPS with a self-signed certificate instead of plain HTTP.</summary>
    public bool Https { get; init; }

    /// <summary>Endpoints the host maps besides the dashboard, as the proxy's process does.</summary>
    public Action<WebApplication>? MapOthers { get; init; }
}

/// <summary>
/// The dashboard as its Program.cs builds it (service defaults, AddInterceptDashboard, MapDefaultEndpoints,
/// MapInterceptDashboard), on Kestrel at 127.0.0.1 with a free port, over a new SQLite file in a temp folder.
/// </summary>
internal sealed class DashboardHost : IAsyncDisposable
{
    public const string Password = "correct horse battery stäple";

    private readonly WebApplication app;
    private readonly TempFolder folder;

    private DashboardHost(WebApplication app, TempFolder folder, Uri address, string pathBase)
    {
        this.app = app;
        this.folder = folder;
        Address = address;
        PathBase = pathBase;
    }

    /// <summary><c>http://127.0.0.1:port/</c>.</summary>
    public Uri Address { get; }

    public string PathBase { get; }

    /// <summary>The dashboard's home page: <c>http://127.0.0.1:port/</c> or <c>.../admin/</c>.</summary>
    public Uri Home => new(Address, PathBase + "/");

    public IServiceProvider Services => app.Services;

    public string FolderPath => folder.Path;

    public static async Task<DashboardHost> StartAsync(DashboardHostOptions? options = null)
    {
        options ??= new DashboardHostOptions();
        var folder = new TempFolder();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = folder.Path,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ADMIN_PASSWORD"] = Password,
            ["DATABASE_URL"] = options.DatabaseUrl ?? "sqlite:///" + folder.Combine("store.db"),
            ["DASHBOARD_DIST_PATH"] = options.BuildFrontEnd ? FakeFrontEnd.Write(folder.Combine("dist")) : folder.Combine("none"),
        });
        if (options.Settings is { } settings)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        if (options.Https)
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(
                System.Net.IPAddress.Loopback, 0, listen => listen.UseHttps(SelfSignedCertificate())));
        }
        else
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }

        ConfigureTelemetry(builder, options);
        if (options.Time is { } time)
        {
            builder.Services.AddSingleton(time);
        }

        builder.AddServiceDefaults();
        builder.AddInterceptDashboard();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        options.MapOthers?.Invoke(app);
        app.MapInterceptDashboard(options.PathBase);
        await app.StartAsync();

        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.Single();
        var host = new DashboardHost(app, folder, new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal)), options.PathBase);
        if (options.SeedKnownRequests)
        {
            await app.Services.GetRequiredService<RequestBatchWriter>().WriteAsync(KnownRequests.Create(), default);
        }

        return host;
    }

    public DashboardClient NewClient() => new(this);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        folder.Dispose();
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2 SelfSignedCertificate()
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            "CN=127.0.0.1", key, System.Security.Cryptography.HashAlgorithmName.SHA256,
            System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(
            certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx), null);
    }

    private static void ConfigureTelemetry(WebApplicationBuilder builder, DashboardHostOptions options)
    {
        builder.Logging.ClearProviders();
        if (options.Logs is { } logs)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs);
        }

        if (options.Spans is { } spans)
        {
            builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(spans));
        }
    }
}
