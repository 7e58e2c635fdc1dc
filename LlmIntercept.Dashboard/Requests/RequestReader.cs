using LlmIntercept.Store;
using LlmIntercept.Store.Queries;
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
        var query = db.Filter(filter).AsNoTracking();
        var total = await query.LongCountAsync(cancellationToken);

        // Only the list's columns are read; the bodies stay on disk until a request is opened.
        var items = await query
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
        return await db.Requests
            .Where(r => r.Model != null)
            .Select(r => r.Model!)
            .Distinct()
            .OrderBy(model => model)
            .ToListAsync(cancellationToken);
    }
}
