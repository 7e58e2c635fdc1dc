using Microsoft.EntityFrameworkCore.Design;

namespace LlmIntercept.Store;

/// <summary>Lets <c>dotnet ef migrations add --context PostgresInterceptDbContext</c> build the model offline.</summary>
internal sealed class PostgresDesignTimeContextFactory : IDesignTimeDbContextFactory<PostgresInterceptDbContext>
{
    public PostgresInterceptDbContext CreateDbContext(string[] args) =>
        (PostgresInterceptDbContext)StoreServiceCollectionExtensions.CreateContext(
            DatabaseUrl.Parse("postgresql://design@localhost/design"));
}
