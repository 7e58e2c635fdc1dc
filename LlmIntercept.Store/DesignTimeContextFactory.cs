using Microsoft.EntityFrameworkCore.Design;

namespace LlmIntercept.Store;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running service.</summary>
internal sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<InterceptDbContext>
{
    public InterceptDbContext CreateDbContext(string[] args) =>
        StoreServiceCollectionExtensions.CreateContext(DatabaseUrl.Parse("sqlite:///./design-time.db"));
}
