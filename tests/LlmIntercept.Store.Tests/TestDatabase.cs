using LlmIntercept.Testing;
using Microsoft.Data.Sqlite;

namespace LlmIntercept.Store.Tests;

/// <summary>Where a test class's databases come from: a new SQLite file, or a new database on the test server.</summary>
public abstract class TestDatabase
{
    public abstract DatabaseProvider Provider { get; }

    public abstract Task<DatabaseUrl> CreateAsync();

    public static TestDatabase Sqlite { get; } = new SqliteDatabase();

    public static TestDatabase Postgres { get; } = new PostgresDatabase();

    private sealed class SqliteDatabase : TestDatabase
    {
        public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

        public override Task<DatabaseUrl> CreateAsync()
        {
            var folder = Directory.CreateTempSubdirectory("llm-intercept-store-").FullName;
            SqliteConnection.ClearAllPools();
            return Task.FromResult(DatabaseUrl.Parse("sqlite:///" + Path.Combine(folder, "store.db")));
        }
    }

    private sealed class PostgresDatabase : TestDatabase
    {
        public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

        public override async Task<DatabaseUrl> CreateAsync()
        {
            var server = await PostgresServer.GetAsync();
            return DatabaseUrl.Parse(await server.CreateDatabaseAsync());
        }
    }
}
