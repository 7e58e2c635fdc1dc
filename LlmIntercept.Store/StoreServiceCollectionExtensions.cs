using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LlmIntercept.Store;

public static class StoreServiceCollectionExtensions
{
    /// <summary>Registers the store for <paramref name="databaseUrl"/>: a pooled context factory and the batch writer.</summary>
    public static IServiceCollection AddInterceptStore(this IServiceCollection services, DatabaseUrl databaseUrl)
    {
        ArgumentNullException.ThrowIfNull(databaseUrl);
        if (services.Any(d => d.ServiceType == typeof(DatabaseUrl)))
        {
            // The proxy and the dashboard both ask for the store when they share one process.
            return services;
        }

        services.AddSingleton(databaseUrl);
        services.AddPooledDbContextFactory<InterceptDbContext>(options => Configure(options, databaseUrl));
        services.AddSingleton<StoreInitializer>();
        services.AddSingleton<RequestBatchWriter>();
        return services;
    }

    /// <summary>Points <paramref name="options"/> at <paramref name="databaseUrl"/>.</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, DatabaseUrl databaseUrl)
    {
        return databaseUrl.Provider switch
        {
            DatabaseProvider.Sqlite => options.UseSqlite(databaseUrl.ConnectionString),
            _ => throw new NotSupportedException(
                $"{databaseUrl.Provider} is not supported by this build; use a sqlite:/// database URL"),
        };
    }

    /// <summary>Creates a context outside dependency injection, for the command line and tests.</summary>
    public static InterceptDbContext CreateContext(DatabaseUrl databaseUrl)
    {
        var options = new DbContextOptionsBuilder<InterceptDbContext>();
        Configure(options, databaseUrl);
        return new InterceptDbContext(options.Options);
    }
}
