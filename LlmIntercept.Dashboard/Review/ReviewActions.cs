using LlmIntercept.Store;
using LlmIntercept.Store.Curation;
using LlmIntercept.Store.Queries;
using Microsoft.EntityFrameworkCore;

namespace LlmIntercept.Dashboard.Review;

/// <summary>Which requests a review action applies to: these ids, or every request the filter selects.</summary>
internal sealed record ReviewTarget(IReadOnlyList<long>? Ids, RequestFilter? Filter);

/// <summary>Runs the review actions and the retention prune against the store, one statement each.</summary>
internal sealed class ReviewActions(
    IDbContextFactory<InterceptDbContext> contexts,
    TimeProvider time,
    ILogger<ReviewActions> logger)
{
    public Task<int> SetExcludedAsync(ReviewTarget target, bool excluded, CancellationToken cancellationToken) =>
        RunAsync(target, "exclude", q => q.SetExcludedAsync(excluded, cancellationToken), cancellationToken);

    public Task<int> SetStarredAsync(ReviewTarget target, bool starred, CancellationToken cancellationToken) =>
        RunAsync(target, "star", q => q.SetStarredAsync(starred, cancellationToken), cancellationToken);

    public Task<int> AddTagAsync(ReviewTarget target, string tag, CancellationToken cancellationToken) =>
        RunAsync(target, "add-tag", q => q.AddTagAsync(tag, cancellationToken), cancellationToken);

    public Task<int> RemoveTagAsync(ReviewTarget target, string tag, CancellationToken cancellationToken) =>
        RunAsync(target, "remove-tag", q => q.RemoveTagAsync(tag, cancellationToken), cancellationToken);

    public async Task<PruneResult> PruneAsync(
        int olderThanDays,
        bool keepTagged,
        bool keepStarred,
        CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().UtcDateTime.AddDays(-olderThanDays);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var result = await db.PruneAsync(cutoff, keepTagged, keepStarred, cancellationToken);
        Log.Pruned(logger, result.Deleted, olderThanDays, keepTagged);
        return result;
    }

    private async Task<int> RunAsync(
        ReviewTarget target,
        string action,
        Func<IQueryable<LlmRequest>, Task<int>> apply,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var requests = target.Ids is { } ids ? db.ByIds(ids.ToList()) : db.ByFilter(target.Filter!);
        var changed = await apply(requests);
        Log.Reviewed(logger, action, changed);
        return changed;
    }
}
