using LlmIntercept.Store;
using LlmIntercept.Store.Queries;
using LlmIntercept.Store.Rollup;
using Microsoft.EntityFrameworkCore;

namespace LlmIntercept.Dashboard.Requests;

/// <summary>One page of requests, newest first.</summary>
internal sealed record RequestPage(IReadOnlyList<LlmRequest> Items, long TotalCount, int Page, int PageSize);

/// <summary>Reads requests for the list and the detail view. Each call uses its own context, so calls may overlap.</summary>
internal sealed class RequestReader(IDbContextFactory<InterceptDbContext> contexts)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>How deep into a search's results pages come from the newest matches (<see cref="NewestMatchesAsync"/>).</summary>
    private const int NewestMatchesDepth = 5_000;

    public async Task<RequestPage> PageAsync(
        RequestFilter filter,
        int page,
        int pageSize,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var matches = await db.CountSearchMatchesAsync(filter.Search, cancellationToken);
        var searchOnly = matches is not null && filter == new RequestFilter { Search = filter.Search };
        var total = searchOnly
            ? matches!.Value
            : db.CanUseRollup(filter)
                ? await db.CountWithRollupAsync(filter, cancellationToken)
                : await db.Filter(filter).AsNoTracking().LongCountAsync(cancellationToken);

        var offset = (page - 1) * pageSize;
        if (searchOnly && offset + pageSize <= NewestMatchesDepth
            && await NewestMatchesAsync(db, filter.Search!, offset, pageSize, cancellationToken) is { } newest)
        {
            var newestPage = await ListColumns(db.Requests.Where(r => newest.Contains(r.Id)))
                .ToListAsync(cancellationToken);
            return new RequestPage(newestPage, total, page, pageSize);
        }

        var plan = matches is { } many && await ScanIsCheaperAsync(db, many, (long)page * pageSize, cancellationToken)
            ? SearchPlan.ScanRows
            : SearchPlan.LookUpMatches;
        var items = await ListColumns(db.Filter(filter, plan).AsNoTracking())
            .Skip(offset)
            .Take(pageSize)
            .ToListAsync(cancellationToken);
        return new RequestPage(items, total, page, pageSize);
    }

    /// <summary>Newest first, and only the list's columns: the bodies stay on disk until a request is opened.</summary>
    private static IQueryable<LlmRequest> ListColumns(IQueryable<LlmRequest> rows) =>
        rows.AsNoTracking()
            .OrderByDescending(r => r.Timestamp)
            .ThenByDescending(r => r.Id)
            .Select(r => new LlmRequest
            {
                Id = r.Id,
                Timestamp = r.Timestamp,
                Model = r.Model,
                Status = r.Status,
                Outcome = r.Outcome,
                StatusCode = r.StatusCode,
                ResponseTimeMs = r.ResponseTimeMs,
                Stream = r.Stream,
                HasToolCalls = r.HasToolCalls,
                PromptTokens = r.PromptTokens,
                CompletionTokens = r.CompletionTokens,
                TotalTokens = r.TotalTokens,
                Messages = r.Messages,
                Tags = r.Tags,
                Starred = r.Starred,
                Excluded = r.Excluded,
            });

    /// <summary>
    /// The ids of one page of a search that matches many requests (SQLite), without looking every match up: the
    /// full-text index hands out its newest-recorded matches cheaply (by rowid, descending), and a request is
    /// recorded when it ends, so they are nearly the newest by timestamp too. The page is taken from a few more of
    /// those than it needs, and it is exact when no request recorded before all of them started later than the
    /// page's last one (a range of the timestamp index, as short as the page is recent); otherwise null, and the
    /// caller pages the usual way.
    /// </summary>
    internal static async Task<List<long>?> NewestMatchesAsync(
        InterceptDbContext db,
        string search,
        int offset,
        int pageSize,
        CancellationToken cancellationToken)
    {
        if (RequestQueries.ToFtsMatch(search) is not { } match)
        {
            return null;
        }

        var wanted = offset + pageSize;
        var take = wanted * 2 + 64;
        var recorded = await db.Database
            .SqlQueryRaw<long>(
                "SELECT rowid AS \"Value\" FROM llm_requests_fts WHERE llm_requests_fts MATCH {0} ORDER BY rowid DESC LIMIT {1}",
                match,
                take)
            .ToListAsync(cancellationToken);
        if (recorded.Count == 0)
        {
            return [];
        }

        var candidates = await db.Requests.AsNoTracking()
            .Where(r => recorded.Contains(r.Id))
            .Select(r => new { r.Id, r.Timestamp })
            .ToListAsync(cancellationToken);
        var ordered = candidates.OrderByDescending(c => c.Timestamp).ThenByDescending(c => c.Id).ToList();
        if (recorded.Count == take)
        {
            // Some matches were not read: they were all recorded before the oldest candidate. The page holds when
            // none of the requests recorded before it started after the page's last request.
            if (ordered.Count < wanted)
            {
                return null;
            }

            var last = ordered[wanted - 1].Timestamp;
            var oldest = recorded[^1];
            var later = await db.Database
                .SqlQueryRaw<long>(
                    "SELECT count(*) AS \"Value\" FROM (SELECT 1 FROM llm_requests WHERE timestamp > {0} AND +id < {1} LIMIT 1)",
                    last,
                    oldest)
                .SingleAsync(cancellationToken);
            if (later > 0)
            {
                return null;
            }
        }

        return ordered.Skip(offset).Take(pageSize).Select(c => c.Id).ToList();
    }

    public async Task<LlmRequest?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Requests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ModelsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (db.CanUseRollup(new RequestFilter()))
        {
            return await db.RollupModelsAsync(cancellationToken);
        }

        return await db.Requests
            .Where(r => r.Model != null)
            .Select(r => r.Model!)
            .Distinct()
            .OrderBy(model => model)
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Whether walking the rows newest first beats looking the matches up. The walk passes about
    /// <paramref name="wanted"/> × rows / matches index entries before the page is full; a lookup costs about
    /// twenty index steps a match (a seek into the wide table, then the sort).
    /// </summary>
    private static async Task<bool> ScanIsCheaperAsync(
        InterceptDbContext db,
        long matches,
        long wanted,
        CancellationToken cancellationToken)
    {
        if (matches == 0)
        {
            return false;
        }

        var rows = await db.Requests.MaxAsync(r => (long?)r.Id, cancellationToken) ?? 0;
        return (double)wanted * rows / matches < 20.0 * matches;
    }
}
