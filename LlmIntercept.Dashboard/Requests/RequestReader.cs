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

    public async Task<RequestPage> PageAsync(
        RequestFilter filter,
        int page,
        int pageSize,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var matches = await db.CountSearchMatchesAsync(filter.Search, cancellationToken);
        var total = matches is { } found && filter == new RequestFilter { Search = filter.Search }
            ? found
            : db.CanUseRollup(filter)
                ? await db.CountWithRollupAsync(filter, cancellationToken)
                : await db.Filter(filter).AsNoTracking().LongCountAsync(cancellationToken);
        var plan = matches is { } many && await ScanIsCheaperAsync(db, many, (long)page * pageSize, cancellationToken)
            ? SearchPlan.ScanRows
            : SearchPlan.LookUpMatches;

        // Only the list's columns are read; the bodies stay on disk until a request is opened.
        var items = await db.Filter(filter, plan).AsNoTracking()
            .OrderByDescending(r => r.Timestamp)
            .ThenByDescending(r => r.Id)
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
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
            })
            .ToListAsync(cancellationToken);
        return new RequestPage(items, total, page, pageSize);
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
