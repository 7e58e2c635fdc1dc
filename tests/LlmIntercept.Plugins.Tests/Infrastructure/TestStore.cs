using LlmIntercept.Store;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace LlmIntercept.Plugins.Tests.Infrastructure;

/// <summary>A real SQLite store in a temporary folder, initialised with the migrations, filled with the batch writer.</summary>
internal sealed class TestStore : IAsyncDisposable
{
    private TestStore(string folder, DatabaseUrl url, ServiceProvider services)
    {
        Folder = folder;
        Url = url;
        Services = services;
    }

    public string Folder { get; }

    public DatabaseUrl Url { get; }

    public ServiceProvider Services { get; }

    public static async Task<TestStore> CreateAsync()
    {
        var folder = Directory.CreateTempSubdirectory("llm-intercept-plugins-").FullName;
        var url = DatabaseUrl.Parse($"sqlite:///{Path.Combine(folder, "store.db")}");
        var services = new ServiceCollection().AddInterceptStore(url).BuildServiceProvider();
        await services.GetRequiredService<StoreInitializer>().InitializeAsync();
        return new TestStore(folder, url, services);
    }

    public async Task InsertAsync(IReadOnlyList<LlmRequest> rows)
    {
        var writer = Services.GetRequiredService<RequestBatchWriter>();
        await writer.WriteAsync(rows, CancellationToken.None);
    }

    public string PathFor(string fileName) => Path.Combine(Folder, fileName);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}
