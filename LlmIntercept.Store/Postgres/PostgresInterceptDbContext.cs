using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace LlmIntercept.Store;

/// <summary>
/// <see cref="InterceptDbContext"/>'s model on PostgreSQL: JSON columns are <c>jsonb</c>, timestamps
/// <c>timestamp with time zone</c>. Its migrations live in <c>Migrations/Postgres</c>.
/// </summary>
public sealed class PostgresInterceptDbContext(DbContextOptions<PostgresInterceptDbContext> options)
    : InterceptDbContext(options)
{
    /// <summary>
    /// Columns that always hold JSON written by the proxy. <see cref="LlmRequest.Response"/> is not one: for a
    /// plain response it is the upstream's body as received, which need not be JSON.
    /// </summary>
    public static readonly string[] JsonColumns =
    [
        nameof(LlmRequest.Messages), nameof(LlmRequest.Functions), nameof(LlmRequest.FunctionCall),
        nameof(LlmRequest.Tools), nameof(LlmRequest.ToolChoice), nameof(LlmRequest.ToolCalls),
        nameof(LlmRequest.Error), nameof(LlmRequest.Choices), nameof(LlmRequest.Usage),
        nameof(LlmRequest.StreamMetadata), nameof(LlmRequest.ResponseHeaders),
    ];

    // Npgsql writes only UTC values to timestamptz; rows built elsewhere (tests, imports) may carry another kind.
    private static readonly ValueConverter<DateTime, DateTime> AsUtc = new(
        value => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc),
        value => DateTime.SpecifyKind(value, DateTimeKind.Utc));

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<LlmRequest>(entity =>
        {
            foreach (var column in JsonColumns)
            {
                entity.Property(column).HasColumnType("jsonb");
            }

            entity.Property(r => r.Timestamp).HasColumnType("timestamp with time zone").HasConversion(AsUtc);
        });
    }
}
