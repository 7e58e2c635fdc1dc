using System.Text;
using Microsoft.EntityFrameworkCore;

namespace LlmIntercept.Store.Queries;

/// <summary>Turns a <see cref="RequestFilter"/> into a query over <c>llm_requests</c>.</summary>
public static class RequestQueries
{
    /// <summary>
    /// The requests <paramref name="filter"/> selects. <paramref name="plan"/> only says how SQLite joins
    /// full-text matches to the rows; the rows are the same either way.
    /// </summary>
    public static IQueryable<LlmRequest> Filter(
        this InterceptDbContext db,
        RequestFilter filter,
        SearchPlan plan = SearchPlan.LookUpMatches)
    {
        ArgumentNullException.ThrowIfNull(filter);

        var query = SearchQuery(db, filter.Search, plan);
        if (filter.From is { } from)
        {
            query = query.Where(r => r.Timestamp >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(r => r.Timestamp < to);
        }

        if (filter.Models is { Count: > 0 } models)
        {
            query = query.Where(r => r.Model != null && models.Contains(r.Model));
        }

        if (!string.IsNullOrEmpty(filter.Status))
        {
            query = query.Where(r => r.Status == filter.Status);
        }

        if (filter.Outcomes is { Count: > 0 } outcomes)
        {
            query = query.Where(r => outcomes.Contains(r.Outcome));
        }

        if (filter.Stream is { } stream)
        {
            query = query.Where(r => r.Stream == stream);
        }

        if (filter.HasToolCalls is { } hasToolCalls)
        {
            query = query.Where(r => r.HasToolCalls == hasToolCalls);
        }

        if (filter.Starred is { } starred)
        {
            query = query.Where(r => r.Starred == starred);
        }

        if (filter.Excluded is { } excluded)
        {
            query = query.Where(r => r.Excluded == excluded);
        }

        foreach (var tag in filter.Tags ?? [])
        {
            var wrapped = "," + tag + ",";
            query = query.Where(r => r.Tags.Contains(wrapped));
        }

        return query;
    }

    private static IQueryable<LlmRequest> SearchQuery(InterceptDbContext db, string? search, SearchPlan plan)
    {
        if (string.IsNullOrWhiteSpace(search))
        {
            return db.Requests;
        }

        if (db is PostgresInterceptDbContext)
        {
            return PostgresSearchQuery(db, search);
        }

        var match = ToFtsMatch(search);
        if (match is null)
        {
            // Nothing word-like to index (only punctuation): fall back to a plain substring scan.
            var needle = search.Trim();
            return db.Requests.Where(r => r.Messages != null && r.Messages.Contains(needle));
        }

        // "+id" keeps SQLite from looking each match up by id, so it walks the index the query is ordered by instead.
        const string Matches = "(SELECT rowid FROM llm_requests_fts WHERE llm_requests_fts MATCH {0})";
        var sql = plan == SearchPlan.ScanRows
            ? "SELECT * FROM llm_requests WHERE +id IN " + Matches
            : "SELECT * FROM llm_requests WHERE id IN " + Matches;
        return db.Requests.FromSqlRaw(sql, match);
    }

    /// <summary>
    /// How many stored requests the full-text index finds for <paramref name="search"/>, counted in the index alone;
    /// null when the search does not go through it (PostgreSQL, or no word to match). Every indexed rowid is a
    /// stored request: the writer adds both in one transaction, and a trigger deletes the entry with its request.
    /// </summary>
    public static async Task<long?> CountSearchMatchesAsync(
        this InterceptDbContext db,
        string? search,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (string.IsNullOrWhiteSpace(search) || db is PostgresInterceptDbContext || ToFtsMatch(search) is not { } match)
        {
            return null;
        }

        return await db.Database
            .SqlQueryRaw<long>(
                "SELECT count(*) AS \"Value\" FROM llm_requests_fts WHERE llm_requests_fts MATCH {0}", match)
            .SingleAsync(cancellationToken);
    }

    private static IQueryable<LlmRequest> PostgresSearchQuery(InterceptDbContext db, string search)
    {
        var query = PostgresSearch.ToTsQuery(search);
        if (query is null)
        {
            // As on SQLite: only punctuation, so a substring scan over the messages' JSON text.
            var needle = PostgresText.Text(search.Trim())!;
            return db.Requests.FromSqlRaw(
                "SELECT * FROM llm_requests WHERE strpos(messages::text, {0}) > 0", needle);
        }

        return db.Requests.FromSqlRaw(
            "SELECT * FROM llm_requests WHERE id IN "
            + "(SELECT id FROM llm_requests_search WHERE document @@ to_tsquery('simple', {0}))",
            query);
    }

    /// <summary>
    /// Builds an FTS5 query that cannot be a syntax error: each word becomes a quoted phrase (quotes doubled),
    /// the words are ANDed, and the last one matches as a prefix so search works while typing.
    /// </summary>
    public static string? ToFtsMatch(string search)
    {
        var terms = search
            .Replace('\0', ' ')
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Where(term => term.Any(char.IsLetterOrDigit))
            .ToList();
        if (terms.Count == 0)
        {
            return null;
        }

        var builder = new StringBuilder();
        foreach (var term in terms)
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append('"').Append(term.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }

        return builder.Append('*').ToString();
    }
}
