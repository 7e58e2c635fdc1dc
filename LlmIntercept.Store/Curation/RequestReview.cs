using LlmIntercept.Store.Queries;
using Microsoft.EntityFrameworkCore;

namespace LlmIntercept.Store.Curation;

/// <summary>
/// Review actions on stored requests: exclude from datasets, star, add or remove a tag. Each is one UPDATE
/// statement over the chosen requests (by id, or every request a filter selects), never a load of rows.
/// </summary>
public static class RequestReview
{
    /// <summary>The requests with these ids.</summary>
    public static IQueryable<LlmRequest> ByIds(this InterceptDbContext db, IReadOnlyCollection<long> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return db.Requests.Where(r => ids.Contains(r.Id));
    }

    /// <summary>The requests a filter selects, as a plain query an UPDATE or DELETE can run over.</summary>
    public static IQueryable<LlmRequest> ByFilter(this InterceptDbContext db, RequestFilter filter)
    {
        // Full-text search is a raw-SQL query; selecting ids from it keeps the outer statement plain.
        var ids = db.Filter(filter).Select(r => r.Id);
        return db.Requests.Where(r => ids.Contains(r.Id));
    }

    public static Task<int> SetExcludedAsync(this IQueryable<LlmRequest> targets, bool excluded, CancellationToken cancellationToken) =>
        targets.Where(r => r.Excluded != excluded)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Excluded, excluded), cancellationToken);

    public static Task<int> SetStarredAsync(this IQueryable<LlmRequest> targets, bool starred, CancellationToken cancellationToken) =>
        targets.Where(r => r.Starred != starred)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Starred, starred), cancellationToken);

    /// <summary>Adds <paramref name="tag"/> (already normalised) to the requests that lack it.</summary>
    public static Task<int> AddTagAsync(this IQueryable<LlmRequest> targets, string tag, CancellationToken cancellationToken)
    {
        var wrapped = TagNames.Wrapped(tag);
        var appended = tag + ",";
        return targets.Where(r => !r.Tags.Contains(wrapped))
            .ExecuteUpdateAsync(
                set => set.SetProperty(r => r.Tags, r => r.Tags == "" ? wrapped : r.Tags + appended),
                cancellationToken);
    }

    /// <summary>Removes <paramref name="tag"/> (already normalised) from the requests that carry it.</summary>
    public static Task<int> RemoveTagAsync(this IQueryable<LlmRequest> targets, string tag, CancellationToken cancellationToken)
    {
        var wrapped = TagNames.Wrapped(tag);
        return targets.Where(r => r.Tags.Contains(wrapped))
            .ExecuteUpdateAsync(
                set => set.SetProperty(r => r.Tags, r => r.Tags == wrapped ? "" : r.Tags.Replace(wrapped, ",")),
                cancellationToken);
    }
}
