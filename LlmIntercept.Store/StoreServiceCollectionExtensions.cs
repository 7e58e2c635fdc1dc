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
        if (databaseUrl.Provider == DatabaseProvider.PostgreSql)
        {
            services.AddPooledDbContextFactory<PostgresInterceptDbContext>(options => UsePostgres(options, databaseUrl));
            services.AddSingleton<IDbContextFactory<InterceptDbContext>>(provider =>
                new UpcastContextFactory(provider.GetRequiredService<IDbContextFactory<PostgresInterceptDbContext>>()));
        }
        else
        {
            services.AddPooledDbContextFactory<InterceptDbContext>(options => UseSqlite(options, databaseUrl));
        }

        services.AddSingleton<StoreInitializer>();
        services.AddSingleton<RequestBatchWriter>();
        return services;
    }

    /// <summary>Creates a context outside dependency injection, for the command line and tests.</summary>
    public static InterceptDbContext CreateContext(DatabaseUrl databaseUrl)
    {
        ArgumentNullException.ThrowIfNull(databaseUrl);
        if (databaseUrl.Provider == DatabaseProvider.PostgreSql)
        {
            var postgres = new DbContextOptionsBuilder<PostgresInterceptDbContext>();
            UsePostgres(postgres, databaseUrl);
            return new PostgresInterceptDbContext(postgres.Options);
        }

        var sqlite = new DbContextOptionsBuilder<InterceptDbContext>();
        UseSqlite(sqlite, databaseUrl);
        return new InterceptDbContext(sqlite.Options);
    }

    private static void UseSqlite(DbContextOptionsBuilder options, DatabaseUrl databaseUrl) =>
        options.UseSqlite(databaseUrl.ConnectionString);

    private static void UsePostgres(DbContextOptionsBuilder options, DatabaseUrl databaseUrl) =>
        options.UseNpgsql(databaseUrl.ConnectionString);

    /// <summary>Hands out the PostgreSQL context where the rest of the code asks for the shared model.</summary>
    private sealed class UpcastContextFactory(IDbContextFactory<PostgresInterceptDbContext> inner)
        : IDbContextFactory<InterceptDbContext>
    {
        public InterceptDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<InterceptDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }
}
