using LlmIntercept.Store;
using Microsoft.Extensions.DependencyInjection;

namespace LlmIntercept.Dashboard.BrowserTests.Infrastructure;

/// <summary>A real SQLite store in a temporary folder, filled with <see cref="SeedData"/> through the store's own writer.</summary>
internal sealed class TestStore : IAsyncDisposable
{
    private TestStore(string folder, DatabaseUrl url)
    {
        Folder = folder;
        Url = url;
    }

    public string Folder { get; }

    public DatabaseUrl Url { get; }

    public static async Task<TestStore> CreateAsync()
    {
        var folder = Directory.CreateTempSubdirectory("llm-intercept-browser-").FullName;
        var url = DatabaseUrl.Parse($"sqlite:///{Path.Combine(folder, "requests.db")}");
        await using var services = new ServiceCollection().AddInterceptStore(url).BuildServiceProvider();
        await services.GetRequiredService<StoreInitializer>().InitializeAsync();
        await services.GetRequiredService<RequestBatchWriter>().WriteAsync(SeedData.Rows(), CancellationToken.None);
        return new TestStore(folder, url);
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a closing server stays behind in the temp folder; the OS cleans it.
        }

        return ValueTask.CompletedTask;
    }
}
