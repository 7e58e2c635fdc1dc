using Microsoft.EntityFrameworkCore;

namespace LlmIntercept.Store.Curation;

/// <summary>What a prune removed.</summary>
/// <param name="Deleted">Requests deleted.</param>
/// <param name="Vacuumed">Whether the database file was compacted (SQLite VACUUM) afterwards.</param>
public sealed record PruneResult(long Deleted, bool Vacuumed);

/// <summary>
/// Deletes requests older than a cut-off in batches of ids with <c>ExecuteDelete</c>, so it runs on every EF Core
/// provider and never holds the write lock for long while the proxy keeps recording. On SQLite, triggers take the
/// rows' full-text entries and roll-up counts with them, and the file is compacted with VACUUM at the end, which
/// gives the space back to the file system; PostgreSQL reclaims dead rows itself (autovacuum), so nothing more is
/// run there.
/// </summary>
public static class Retention
{
    public const int BatchSize = 2_000;

    public static async Task<PruneResult> PruneAsync(
        this InterceptDbContext db,
        DateTime olderThan,
        bool keepTagged,
        bool keepStarred,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);

        var cutoff = DateTime.SpecifyKind(olderThan, DateTimeKind.Utc);
        var doomed = db.Requests.Where(r => r.Timestamp < cutoff);
        if (keepTagged)
        {
            doomed = doomed.Where(r => r.Tags == "");
        }

        if (keepStarred)
        {
            doomed = doomed.Where(r => !r.Starred);
        }

        var isSqlite = db.Database.IsSqlite();
        long deleted = 0;
        for (;;)
        {
            var ids = await doomed.OrderBy(r => r.Id).Select(r => r.Id).Take(BatchSize).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                break;
            }

            // On SQLite a trigger deletes each request's full-text entry with it, and the roll-ups follow too.
            deleted += await db.Requests.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken);
        }

        if (isSqlite && deleted > 0)
        {
            await db.Database.ExecuteSqlRawAsync("VACUUM", cancellationToken);
        }

        return new PruneResult(deleted, isSqlite && deleted > 0);
    }
}
