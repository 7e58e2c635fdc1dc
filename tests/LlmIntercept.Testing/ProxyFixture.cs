using LlmIntercept.Proxy.Hosting;
using LlmIntercept.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LlmIntercept.Testing;

/// <summary>
/// The real proxy on Kestrel at a loopback port, with a fresh SQLite file in a temporary folder, configured
/// through the same keys as in production.
/// </summary>
public sealed class ProxyFixture : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ProxyFixture(WebApplication app, Uri baseUri, DatabaseUrl database, string folder)
    {
        _app = app;
        BaseUri = baseUri;
        Database = database;
        Folder = folder;
    }

    public Uri BaseUri { get; }

    public Uri ChatCompletionsUri => new(BaseUri, "/v1/chat/completions");

    public DatabaseUrl Database { get; }

    public string Folder { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<ProxyFixture> StartAsync(
        Uri upstreamUrl,
        IDictionary<string, string?>? settings = null,
        ILoggerProvider? logs = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var folder = Directory.CreateTempSubdirectory("llm-intercept-test-").FullName;
        var pluginsFolder = Directory.CreateDirectory(Path.Combine(folder, "no-plugins")).FullName;
        var databaseUrl = settings?.TryGetValue("DATABASE_URL", out var url) == true && url is not null
            ? url
            : $"sqlite:///{Path.Combine(folder, "intercept.db")}";
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["BASE_URL"] = upstreamUrl.ToString(),
            ["DATABASE_URL"] = databaseUrl,
            ["PLUGINS_DIR"] = pluginsFolder,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
        }

        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        builder.AddInterceptProxy();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapInterceptProxy();
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ProxyFixture(app, new Uri(address), DatabaseUrl.Parse(databaseUrl), folder);
    }

    /// <summary>Waits until <paramref name="count"/> records are stored and returns them, oldest first.</summary>
    public async Task<IReadOnlyList<LlmRequest>> WaitForRecordsAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var records = await ReadRecordsAsync();
            if (records.Count >= count || DateTime.UtcNow > deadline)
            {
                return records.Count >= count
                    ? records
                    : throw new TimeoutException($"expected {count} records, found {records.Count}");
            }

            await Task.Delay(50);
        }
    }

    public async Task<LlmRequest> WaitForRecordAsync() => (await WaitForRecordsAsync(1))[0];

    public async Task<List<LlmRequest>> ReadRecordsAsync()
    {
        try
        {
            await using var db = StoreServiceCollectionExtensions.CreateContext(Database);
            return await db.Requests.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            // The writer has not created the schema yet.
            return [];
        }
    }

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a pool is left for the OS to clean.
        }
    }
}
