using System.Text;
using Microsoft.EntityFrameworkCore;

namespace LlmIntercept.Store;

/// <summary>
/// The store's EF Core model: <c>llm_requests</c>, its full-text index and the installation settings. This type
/// runs on SQLite; <see cref="PostgresInterceptDbContext"/> is the same model on PostgreSQL, a type of its own so
/// that each provider finds only its own migrations.
/// </summary>
public class InterceptDbContext : DbContext
{
    public InterceptDbContext(DbContextOptions<InterceptDbContext> options)
        : base(options)
    {
    }

    protected InterceptDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<LlmRequest> Requests => Set<LlmRequest>();

    public DbSet<InstallationSetting> Settings => Set<InstallationSetting>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<LlmRequest>(entity =>
        {
            entity.ToTable("llm_requests");
            entity.HasKey(r => r.Id);
            entity.Property(r => r.Model).HasMaxLength(256);
            entity.Property(r => r.Status).HasMaxLength(16);
            entity.Property(r => r.Outcome).HasMaxLength(32);
            entity.HasIndex(r => r.Timestamp);
            entity.HasIndex(r => new { r.Model, r.Timestamp });
            entity.HasIndex(r => new { r.Outcome, r.Timestamp });
            entity.HasIndex(r => r.ApiKeyHash);

            // Every column the dashboard's overview groups, sums or filters on (search aside), so its passes read
            // this narrow index rather than the wide rows, which are mostly bodies (about 4 KB each).
            entity.HasIndex(r => new
                {
                    r.Timestamp, r.Model, r.Status, r.Outcome, r.ResponseTimeMs, r.PromptTokens, r.CompletionTokens,
                    r.Stream, r.HasToolCalls, r.Starred, r.Excluded, r.Tags,
                })
                .HasDatabaseName("IX_llm_requests_stats");
        });

        modelBuilder.Entity<InstallationSetting>(entity =>
        {
            entity.ToTable("intercept_settings");
            entity.HasKey(s => s.Key);
        });

        UseSnakeCaseColumns(modelBuilder);
    }

    // The original tool's columns are snake_case; every column follows it so SQL users find what they expect.
    private static void UseSnakeCaseColumns(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(ToSnakeCase(property.Name));
            }
        }
    }

    internal static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}

/// <summary>A key/value pair that belongs to the installation, such as the secret behind API-key hashes.</summary>
public sealed class InstallationSetting
{
    public required string Key { get; set; }

    public required string Value { get; set; }
}
