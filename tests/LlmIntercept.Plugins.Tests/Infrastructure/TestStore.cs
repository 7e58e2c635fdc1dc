using LlmIntercept.Store;
using LlmIntercept.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace LlmIntercept.Plugins.Tests.Infrastructure;

/// <summary>
/// A real store, initialised with the migrations and filled with the batch writer: a SQLite file in a temporary
/// folder, or a new database on the test PostgreSQL server (export files still go to the folder).
/// </summary>
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

    public static async Task<TestStore> CreateAsync(DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        var folder = Directory.CreateTempSubdirectory("llm-intercept-plugins-").FullName;
        var url = provider == DatabaseProvider.PostgreSql
            ? DatabaseUrl.Parse(await (await PostgresServer.GetAsync()).CreateDatabaseAsync())
            : DatabaseUrl.Parse($"sqlite:///{Path.Combine(folder, "store.db")}");
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
